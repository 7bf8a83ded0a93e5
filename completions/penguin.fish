# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_penguin_global_optspecs
    string join \n o/output= config= y/yes h/help V/version
end

function __fish_penguin_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_penguin_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_penguin_using_subcommand
    set -l cmd (__fish_penguin_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c penguin -n "__fish_penguin_needs_command" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_needs_command" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_needs_command" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c penguin -n "__fish_penguin_needs_command" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "migrate" -d 'Apply pending database migrations'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "admin" -d 'Administration: API keys'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "tenant" -d 'Manage tenants'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "workspace" -d 'Manage a tenant\'s workspaces'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "leads" -d 'Import leads'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "campaign" -d 'Inspect and steer campaigns'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "events" -d 'Inbound mail: classify and ingest bounces, complaints and replies'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "queue" -d 'Inspect and steer the background job queues and their workers'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "analytics" -d 'Sending analytics across every tenant'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "audit" -d 'Read the audit log'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c penguin -n "__fish_penguin_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand migrate" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand migrate" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand migrate" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand migrate" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand migrate" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and not __fish_seen_subcommand_from keys help" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand admin; and not __fish_seen_subcommand_from keys help" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand admin; and not __fish_seen_subcommand_from keys help" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and not __fish_seen_subcommand_from keys help" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and not __fish_seen_subcommand_from keys help" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and not __fish_seen_subcommand_from keys help" -f -a "keys" -d 'Create, list and revoke API keys'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and not __fish_seen_subcommand_from keys help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and __fish_seen_subcommand_from keys" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand admin; and __fish_seen_subcommand_from keys" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand admin; and __fish_seen_subcommand_from keys" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and __fish_seen_subcommand_from keys" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and __fish_seen_subcommand_from keys" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and __fish_seen_subcommand_from keys" -f -a "create" -d 'Create a key; it is printed once and cannot be shown again'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and __fish_seen_subcommand_from keys" -f -a "ls" -d 'List keys (never their secrets)'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and __fish_seen_subcommand_from keys" -f -a "revoke" -d 'Revoke a key; it is refused from the next request on'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and __fish_seen_subcommand_from keys" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and __fish_seen_subcommand_from help" -f -a "keys" -d 'Create, list and revoke API keys'
complete -c penguin -n "__fish_penguin_using_subcommand admin; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -f -a "create" -d 'Create a tenant'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -f -a "ls" -d 'List tenants'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -f -a "show" -d 'Show one tenant'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -f -a "rename" -d 'Rename a tenant'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -f -a "suspend" -d 'Suspend a tenant: its API keys are refused until it is resumed'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -f -a "resume" -d 'Resume a suspended tenant'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -f -a "delete" -d 'Delete a tenant (soft); with --purge, remove it and all its data for good'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and not __fish_seen_subcommand_from create ls show rename suspend resume delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from create" -l name -d 'Display name, unique among live tenants' -r
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from create" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from create" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from ls" -l limit -d 'At most this many tenants' -r
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from ls" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from ls" -l all -d 'Include deleted tenants'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from show" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from show" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from rename" -l name -d 'The new name' -r
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from rename" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from rename" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from rename" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from rename" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from suspend" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from resume" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from delete" -l purge -d 'Also purge: remove the tenant and all its data for good'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a tenant'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List tenants'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one tenant'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Rename a tenant'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "suspend" -d 'Suspend a tenant: its API keys are refused until it is resumed'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a suspended tenant'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a tenant (soft); with --purge, remove it and all its data for good'
complete -c penguin -n "__fish_penguin_using_subcommand tenant; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and not __fish_seen_subcommand_from create ls show update delete help" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and not __fish_seen_subcommand_from create ls show update delete help" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and not __fish_seen_subcommand_from create ls show update delete help" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and not __fish_seen_subcommand_from create ls show update delete help" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and not __fish_seen_subcommand_from create ls show update delete help" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and not __fish_seen_subcommand_from create ls show update delete help" -f -a "create" -d 'Create a workspace in a tenant'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and not __fish_seen_subcommand_from create ls show update delete help" -f -a "ls" -d 'List a tenant\'s workspaces'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and not __fish_seen_subcommand_from create ls show update delete help" -f -a "show" -d 'Show one workspace'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and not __fish_seen_subcommand_from create ls show update delete help" -f -a "update" -d 'Change a workspace\'s name or time zone'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and not __fish_seen_subcommand_from create ls show update delete help" -f -a "delete" -d 'Delete a workspace'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and not __fish_seen_subcommand_from create ls show update delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from create" -l tenant -d 'The tenant\'s id' -r
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from create" -l name -d 'Unique within the tenant' -r
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from create" -l timezone -d 'IANA time zone, e.g. Europe/Berlin' -r
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from create" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from create" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from ls" -l tenant -d 'The tenant\'s id' -r
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from ls" -l limit -d 'At most this many workspaces' -r
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from ls" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from show" -l tenant -d 'The tenant it belongs to' -r
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from show" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from show" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from update" -l tenant -d 'The tenant it belongs to' -r
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from update" -l name -d 'New name' -r
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from update" -l timezone -d 'New IANA time zone' -r
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from update" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from update" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from update" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from delete" -l tenant -d 'The tenant it belongs to' -r
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from delete" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a workspace in a tenant'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List a tenant\'s workspaces'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one workspace'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a workspace\'s name or time zone'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a workspace'
complete -c penguin -n "__fish_penguin_using_subcommand workspace; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand leads; and not __fish_seen_subcommand_from import help" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand leads; and not __fish_seen_subcommand_from import help" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand leads; and not __fish_seen_subcommand_from import help" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand leads; and not __fish_seen_subcommand_from import help" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand leads; and not __fish_seen_subcommand_from import help" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand leads; and not __fish_seen_subcommand_from import help" -f -a "import" -d 'Import leads from a CSV file, with a progress bar, then print where every row went'
complete -c penguin -n "__fish_penguin_using_subcommand leads; and not __fish_seen_subcommand_from import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand leads; and __fish_seen_subcommand_from import" -l workspace -d 'The workspace to import into' -r
complete -c penguin -n "__fish_penguin_using_subcommand leads; and __fish_seen_subcommand_from import" -l campaign -d 'Also enroll the leads into this campaign' -r
complete -c penguin -n "__fish_penguin_using_subcommand leads; and __fish_seen_subcommand_from import" -l map -d 'A column assignment COLUMN=FIELD, e.g. \'E-mail=email\' or \'#3=first_name\'; repeatable' -r
complete -c penguin -n "__fish_penguin_using_subcommand leads; and __fish_seen_subcommand_from import" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand leads; and __fish_seen_subcommand_from import" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand leads; and __fish_seen_subcommand_from import" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand leads; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand leads; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand leads; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import leads from a CSV file, with a progress bar, then print where every row went'
complete -c penguin -n "__fish_penguin_using_subcommand leads; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -f -a "ls" -d 'List the campaigns of a workspace'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -f -a "show" -d 'Show one campaign'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -f -a "start" -d 'Start a draft campaign'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -f -a "pause" -d 'Pause an active campaign: nothing more is sent until it is resumed'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -f -a "resume" -d 'Resume a paused campaign'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -f -a "stats" -d 'Show what a campaign has sent, its events and rates, and what its leads are waiting for'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and not __fish_seen_subcommand_from ls show start pause resume stats help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from ls" -l workspace -d 'The workspace' -r
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from ls" -l status -d 'Only campaigns in this state (draft, active, paused, completed, archived)' -r
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from ls" -l limit -d 'At most this many campaigns' -r
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from ls" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from show" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from show" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from start" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from start" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from start" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from pause" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from pause" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from resume" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from stats" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from stats" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from stats" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the campaigns of a workspace'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one campaign'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from help" -f -a "start" -d 'Start a draft campaign'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause an active campaign: nothing more is sent until it is resumed'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused campaign'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Show what a campaign has sent, its events and rates, and what its leads are waiting for'
complete -c penguin -n "__fish_penguin_using_subcommand campaign; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand events; and not __fish_seen_subcommand_from classify ingest help" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand events; and not __fish_seen_subcommand_from classify ingest help" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand events; and not __fish_seen_subcommand_from classify ingest help" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand events; and not __fish_seen_subcommand_from classify ingest help" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand events; and not __fish_seen_subcommand_from classify ingest help" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand events; and not __fish_seen_subcommand_from classify ingest help" -f -a "classify" -d 'Classify raw messages (bounce, complaint, auto-reply, other) without changing anything'
complete -c penguin -n "__fish_penguin_using_subcommand events; and not __fish_seen_subcommand_from classify ingest help" -f -a "ingest" -d 'Ingest raw messages: classify them, match them to the sends they answer, and record their events (suppression, stopped enrollments)'
complete -c penguin -n "__fish_penguin_using_subcommand events; and not __fish_seen_subcommand_from classify ingest help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from classify" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from classify" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from classify" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from classify" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from classify" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from ingest" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from ingest" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from ingest" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from ingest" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from ingest" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "classify" -d 'Classify raw messages (bounce, complaint, auto-reply, other) without changing anything'
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "ingest" -d 'Ingest raw messages: classify them, match them to the sends they answer, and record their events (suppression, stopped enrollments)'
complete -c penguin -n "__fish_penguin_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "ls" -d 'List the queues with their jobs counted by state'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "stats" -d 'Counts by state for every queue, or one queue with its workers'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "jobs" -d 'List a queue\'s jobs in one state'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "show" -d 'Show one job: arguments (secrets redacted), attempts, last error and times'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "retry" -d 'Run a failed or killed job again, or every failed job of the queue'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "cancel" -d 'Cancel a job that has not started; it is kept as killed'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "purge" -d 'Remove finished jobs (done, failed, killed) older than an age'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "pause" -d 'Stop every daemon\'s workers from taking new jobs from a queue; running ones finish'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "resume" -d 'Let workers take jobs from a paused queue again'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "workers" -d 'List the workers of every queue, across daemons'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "watch" -d 'A live view of the queues, refreshed in place; a bar shows a queue draining. Off a terminal it prints a table per refresh, or with `-o json` one JSON line per refresh'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and not __fish_seen_subcommand_from ls stats jobs show retry cancel purge pause resume workers watch help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from ls" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from stats" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from stats" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from stats" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from jobs" -l status -d 'Jobs in this state: pending, scheduled, running, done, failed or killed' -r
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from jobs" -l limit -d 'At most this many jobs' -r
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from jobs" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from jobs" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from jobs" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from jobs" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from jobs" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from show" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from show" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from retry" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from retry" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from retry" -l all-failed -d 'Run every failed job of the queue again (asks first unless --yes)'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from retry" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from cancel" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from cancel" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from purge" -l older-than -d 'Remove finished jobs at least this old, e.g. `7d`, `12h`, `30m`' -r
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from purge" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from purge" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from purge" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from purge" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from purge" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from pause" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from pause" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from resume" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from workers" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from workers" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from workers" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from workers" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from workers" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from watch" -l interval -d 'Seconds between refreshes' -r
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from watch" -l count -d 'Stop after this many refreshes (default: until interrupted)' -r
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from watch" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from watch" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from watch" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from watch" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from watch" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the queues with their jobs counted by state'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Counts by state for every queue, or one queue with its workers'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "jobs" -d 'List a queue\'s jobs in one state'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one job: arguments (secrets redacted), attempts, last error and times'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Run a failed or killed job again, or every failed job of the queue'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a job that has not started; it is kept as killed'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "purge" -d 'Remove finished jobs (done, failed, killed) older than an age'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Stop every daemon\'s workers from taking new jobs from a queue; running ones finish'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Let workers take jobs from a paused queue again'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "workers" -d 'List the workers of every queue, across daemons'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "watch" -d 'A live view of the queues, refreshed in place; a bar shows a queue draining. Off a terminal it prints a table per refresh, or with `-o json` one JSON line per refresh'
complete -c penguin -n "__fish_penguin_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and not __fish_seen_subcommand_from overview help" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and not __fish_seen_subcommand_from overview help" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and not __fish_seen_subcommand_from overview help" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and not __fish_seen_subcommand_from overview help" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and not __fish_seen_subcommand_from overview help" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and not __fish_seen_subcommand_from overview help" -f -a "overview" -d 'Every tenant\'s sending per UTC day, per tenant, per sending domain and per recipient provider, with bounce and complaint rates'
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and not __fish_seen_subcommand_from overview help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and __fish_seen_subcommand_from overview" -l from -d 'First day, YYYY-MM-DD (default: 29 days before --to)' -r
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and __fish_seen_subcommand_from overview" -l to -d 'Last day, YYYY-MM-DD (default: today, UTC)' -r
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and __fish_seen_subcommand_from overview" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and __fish_seen_subcommand_from overview" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and __fish_seen_subcommand_from overview" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and __fish_seen_subcommand_from overview" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and __fish_seen_subcommand_from overview" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and __fish_seen_subcommand_from help" -f -a "overview" -d 'Every tenant\'s sending per UTC day, per tenant, per sending domain and per recipient provider, with bounce and complaint rates'
complete -c penguin -n "__fish_penguin_using_subcommand analytics; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand audit; and not __fish_seen_subcommand_from ls help" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand audit; and not __fish_seen_subcommand_from ls help" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand audit; and not __fish_seen_subcommand_from ls help" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand audit; and not __fish_seen_subcommand_from ls help" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand audit; and not __fish_seen_subcommand_from ls help" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand audit; and not __fish_seen_subcommand_from ls help" -f -a "ls" -d 'List audit entries, newest first'
complete -c penguin -n "__fish_penguin_using_subcommand audit; and not __fish_seen_subcommand_from ls help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand audit; and __fish_seen_subcommand_from ls" -l tenant -d 'Only entries about this tenant' -r
complete -c penguin -n "__fish_penguin_using_subcommand audit; and __fish_seen_subcommand_from ls" -l action -d 'Only this action, e.g. tenant.suspend' -r
complete -c penguin -n "__fish_penguin_using_subcommand audit; and __fish_seen_subcommand_from ls" -l limit -d 'At most this many entries' -r
complete -c penguin -n "__fish_penguin_using_subcommand audit; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand audit; and __fish_seen_subcommand_from ls" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand audit; and __fish_seen_subcommand_from ls" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand audit; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand audit; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List audit entries, newest first'
complete -c penguin -n "__fish_penguin_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand completions" -s o -l output -d 'Output format: tables for people, JSON (one value) for scripts' -r -f -a "table\t''
json\t''"
complete -c penguin -n "__fish_penguin_using_subcommand completions" -l config -d 'TOML configuration file; PENGUIN_* environment variables override it' -r -F
complete -c penguin -n "__fish_penguin_using_subcommand completions" -s y -l yes -d 'Do not ask for confirmation; required for destructive commands when not on a terminal'
complete -c penguin -n "__fish_penguin_using_subcommand completions" -s h -l help -d 'Print help'
complete -c penguin -n "__fish_penguin_using_subcommand completions" -s V -l version -d 'Print version'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "migrate" -d 'Apply pending database migrations'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "admin" -d 'Administration: API keys'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "tenant" -d 'Manage tenants'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "workspace" -d 'Manage a tenant\'s workspaces'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "leads" -d 'Import leads'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "campaign" -d 'Inspect and steer campaigns'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "events" -d 'Inbound mail: classify and ingest bounces, complaints and replies'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "queue" -d 'Inspect and steer the background job queues and their workers'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "analytics" -d 'Sending analytics across every tenant'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "audit" -d 'Read the audit log'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "completions" -d 'Print shell completions'
complete -c penguin -n "__fish_penguin_using_subcommand help; and not __fish_seen_subcommand_from migrate admin tenant workspace leads campaign events queue analytics audit completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from admin" -f -a "keys" -d 'Create, list and revoke API keys'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "create" -d 'Create a tenant'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "ls" -d 'List tenants'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "show" -d 'Show one tenant'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "rename" -d 'Rename a tenant'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "suspend" -d 'Suspend a tenant: its API keys are refused until it is resumed'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "resume" -d 'Resume a suspended tenant'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from tenant" -f -a "delete" -d 'Delete a tenant (soft); with --purge, remove it and all its data for good'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "create" -d 'Create a workspace in a tenant'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "ls" -d 'List a tenant\'s workspaces'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "show" -d 'Show one workspace'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "update" -d 'Change a workspace\'s name or time zone'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from workspace" -f -a "delete" -d 'Delete a workspace'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from leads" -f -a "import" -d 'Import leads from a CSV file, with a progress bar, then print where every row went'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from campaign" -f -a "ls" -d 'List the campaigns of a workspace'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from campaign" -f -a "show" -d 'Show one campaign'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from campaign" -f -a "start" -d 'Start a draft campaign'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from campaign" -f -a "pause" -d 'Pause an active campaign: nothing more is sent until it is resumed'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from campaign" -f -a "resume" -d 'Resume a paused campaign'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from campaign" -f -a "stats" -d 'Show what a campaign has sent, its events and rates, and what its leads are waiting for'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "classify" -d 'Classify raw messages (bounce, complaint, auto-reply, other) without changing anything'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "ingest" -d 'Ingest raw messages: classify them, match them to the sends they answer, and record their events (suppression, stopped enrollments)'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "ls" -d 'List the queues with their jobs counted by state'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "stats" -d 'Counts by state for every queue, or one queue with its workers'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "jobs" -d 'List a queue\'s jobs in one state'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "show" -d 'Show one job: arguments (secrets redacted), attempts, last error and times'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "retry" -d 'Run a failed or killed job again, or every failed job of the queue'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "cancel" -d 'Cancel a job that has not started; it is kept as killed'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "purge" -d 'Remove finished jobs (done, failed, killed) older than an age'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "pause" -d 'Stop every daemon\'s workers from taking new jobs from a queue; running ones finish'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "resume" -d 'Let workers take jobs from a paused queue again'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "workers" -d 'List the workers of every queue, across daemons'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "watch" -d 'A live view of the queues, refreshed in place; a bar shows a queue draining. Off a terminal it prints a table per refresh, or with `-o json` one JSON line per refresh'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from analytics" -f -a "overview" -d 'Every tenant\'s sending per UTC day, per tenant, per sending domain and per recipient provider, with bounce and complaint rates'
complete -c penguin -n "__fish_penguin_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "ls" -d 'List audit entries, newest first'
