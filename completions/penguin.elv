
use builtin;
use str;

set edit:completion:arg-completer[penguin] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'penguin'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'penguin'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand migrate 'Apply pending database migrations'
            cand admin 'Administration: API keys'
            cand tenant 'Manage tenants'
            cand workspace 'Manage a tenant''s workspaces'
            cand leads 'Import leads'
            cand campaign 'Inspect and steer campaigns'
            cand events 'Inbound mail: classify and ingest bounces, complaints and replies'
            cand queue 'Inspect and steer the background job queues and their workers'
            cand analytics 'Sending analytics across every tenant'
            cand audit 'Read the audit log'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;migrate'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;admin'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand keys 'Create, list and revoke API keys'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;admin;keys'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a key; it is printed once and cannot be shown again'
            cand ls 'List keys (never their secrets)'
            cand revoke 'Revoke a key; it is refused from the next request on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;admin;keys;create'= {
            cand --tenant 'A key bound to this tenant (roles: owner, admin, member, viewer)'
            cand --role 'The key''s role: admin, operator, owner, member, viewer (service keys: service)'
            cand --name 'What the key is for'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand --platform 'A platform key (roles: admin, operator)'
            cand --service 'A service key for a trusted backend, acting for the tenant in X-Penguin-Tenant'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;admin;keys;ls'= {
            cand --tenant 'Only the keys of this tenant'
            cand --limit 'At most this many keys'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;admin;keys;revoke'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;admin;keys;help'= {
            cand create 'Create a key; it is printed once and cannot be shown again'
            cand ls 'List keys (never their secrets)'
            cand revoke 'Revoke a key; it is refused from the next request on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;admin;keys;help;create'= {
        }
        &'penguin;admin;keys;help;ls'= {
        }
        &'penguin;admin;keys;help;revoke'= {
        }
        &'penguin;admin;keys;help;help'= {
        }
        &'penguin;admin;help'= {
            cand keys 'Create, list and revoke API keys'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;admin;help;keys'= {
            cand create 'Create a key; it is printed once and cannot be shown again'
            cand ls 'List keys (never their secrets)'
            cand revoke 'Revoke a key; it is refused from the next request on'
        }
        &'penguin;admin;help;keys;create'= {
        }
        &'penguin;admin;help;keys;ls'= {
        }
        &'penguin;admin;help;keys;revoke'= {
        }
        &'penguin;admin;help;help'= {
        }
        &'penguin;tenant'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a tenant'
            cand ls 'List tenants'
            cand show 'Show one tenant'
            cand rename 'Rename a tenant'
            cand suspend 'Suspend a tenant: its API keys are refused until it is resumed'
            cand resume 'Resume a suspended tenant'
            cand delete 'Delete a tenant (soft); with --purge, remove it and all its data for good'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;tenant;create'= {
            cand --name 'Display name, unique among live tenants'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;tenant;ls'= {
            cand --limit 'At most this many tenants'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand --all 'Include deleted tenants'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;tenant;show'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;tenant;rename'= {
            cand --name 'The new name'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;tenant;suspend'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;tenant;resume'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;tenant;delete'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand --purge 'Also purge: remove the tenant and all its data for good'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;tenant;help'= {
            cand create 'Create a tenant'
            cand ls 'List tenants'
            cand show 'Show one tenant'
            cand rename 'Rename a tenant'
            cand suspend 'Suspend a tenant: its API keys are refused until it is resumed'
            cand resume 'Resume a suspended tenant'
            cand delete 'Delete a tenant (soft); with --purge, remove it and all its data for good'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;tenant;help;create'= {
        }
        &'penguin;tenant;help;ls'= {
        }
        &'penguin;tenant;help;show'= {
        }
        &'penguin;tenant;help;rename'= {
        }
        &'penguin;tenant;help;suspend'= {
        }
        &'penguin;tenant;help;resume'= {
        }
        &'penguin;tenant;help;delete'= {
        }
        &'penguin;tenant;help;help'= {
        }
        &'penguin;workspace'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a workspace in a tenant'
            cand ls 'List a tenant''s workspaces'
            cand show 'Show one workspace'
            cand update 'Change a workspace''s name or time zone'
            cand delete 'Delete a workspace'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;workspace;create'= {
            cand --tenant 'The tenant''s id'
            cand --name 'Unique within the tenant'
            cand --timezone 'IANA time zone, e.g. Europe/Berlin'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;workspace;ls'= {
            cand --tenant 'The tenant''s id'
            cand --limit 'At most this many workspaces'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;workspace;show'= {
            cand --tenant 'The tenant it belongs to'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;workspace;update'= {
            cand --tenant 'The tenant it belongs to'
            cand --name 'New name'
            cand --timezone 'New IANA time zone'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;workspace;delete'= {
            cand --tenant 'The tenant it belongs to'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;workspace;help'= {
            cand create 'Create a workspace in a tenant'
            cand ls 'List a tenant''s workspaces'
            cand show 'Show one workspace'
            cand update 'Change a workspace''s name or time zone'
            cand delete 'Delete a workspace'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;workspace;help;create'= {
        }
        &'penguin;workspace;help;ls'= {
        }
        &'penguin;workspace;help;show'= {
        }
        &'penguin;workspace;help;update'= {
        }
        &'penguin;workspace;help;delete'= {
        }
        &'penguin;workspace;help;help'= {
        }
        &'penguin;leads'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand import 'Import leads from a CSV file, with a progress bar, then print where every row went'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;leads;import'= {
            cand --workspace 'The workspace to import into'
            cand --campaign 'Also enroll the leads into this campaign'
            cand --map 'A column assignment COLUMN=FIELD, e.g. ''E-mail=email'' or ''#3=first_name''; repeatable'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;leads;help'= {
            cand import 'Import leads from a CSV file, with a progress bar, then print where every row went'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;leads;help;import'= {
        }
        &'penguin;leads;help;help'= {
        }
        &'penguin;campaign'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List the campaigns of a workspace'
            cand show 'Show one campaign'
            cand start 'Start a draft campaign'
            cand pause 'Pause an active campaign: nothing more is sent until it is resumed'
            cand resume 'Resume a paused campaign'
            cand stats 'Show what a campaign has sent, its events and rates, and what its leads are waiting for'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;campaign;ls'= {
            cand --workspace 'The workspace'
            cand --status 'Only campaigns in this state (draft, active, paused, completed, archived)'
            cand --limit 'At most this many campaigns'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;campaign;show'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;campaign;start'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;campaign;pause'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;campaign;resume'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;campaign;stats'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;campaign;help'= {
            cand ls 'List the campaigns of a workspace'
            cand show 'Show one campaign'
            cand start 'Start a draft campaign'
            cand pause 'Pause an active campaign: nothing more is sent until it is resumed'
            cand resume 'Resume a paused campaign'
            cand stats 'Show what a campaign has sent, its events and rates, and what its leads are waiting for'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;campaign;help;ls'= {
        }
        &'penguin;campaign;help;show'= {
        }
        &'penguin;campaign;help;start'= {
        }
        &'penguin;campaign;help;pause'= {
        }
        &'penguin;campaign;help;resume'= {
        }
        &'penguin;campaign;help;stats'= {
        }
        &'penguin;campaign;help;help'= {
        }
        &'penguin;events'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand classify 'Classify raw messages (bounce, complaint, auto-reply, other) without changing anything'
            cand ingest 'Ingest raw messages: classify them, match them to the sends they answer, and record their events (suppression, stopped enrollments)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;events;classify'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;events;ingest'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;events;help'= {
            cand classify 'Classify raw messages (bounce, complaint, auto-reply, other) without changing anything'
            cand ingest 'Ingest raw messages: classify them, match them to the sends they answer, and record their events (suppression, stopped enrollments)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;events;help;classify'= {
        }
        &'penguin;events;help;ingest'= {
        }
        &'penguin;events;help;help'= {
        }
        &'penguin;queue'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List the queues with their jobs counted by state'
            cand stats 'Counts by state for every queue, or one queue with its workers'
            cand jobs 'List a queue''s jobs in one state'
            cand show 'Show one job: arguments (secrets redacted), attempts, last error and times'
            cand retry 'Run a failed or killed job again, or every failed job of the queue'
            cand cancel 'Cancel a job that has not started; it is kept as killed'
            cand purge 'Remove finished jobs (done, failed, killed) older than an age'
            cand pause 'Stop every daemon''s workers from taking new jobs from a queue; running ones finish'
            cand resume 'Let workers take jobs from a paused queue again'
            cand workers 'List the workers of every queue, across daemons'
            cand watch 'A live view of the queues, refreshed in place; a bar shows a queue draining. Off a terminal it prints a table per refresh, or with `-o json` one JSON line per refresh'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;queue;ls'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;queue;stats'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;queue;jobs'= {
            cand --status 'Jobs in this state: pending, scheduled, running, done, failed or killed'
            cand --limit 'At most this many jobs'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;queue;show'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;queue;retry'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand --all-failed 'Run every failed job of the queue again (asks first unless --yes)'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;queue;cancel'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;queue;purge'= {
            cand --older-than 'Remove finished jobs at least this old, e.g. `7d`, `12h`, `30m`'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;queue;pause'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;queue;resume'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;queue;workers'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;queue;watch'= {
            cand --interval 'Seconds between refreshes'
            cand --count 'Stop after this many refreshes (default: until interrupted)'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;queue;help'= {
            cand ls 'List the queues with their jobs counted by state'
            cand stats 'Counts by state for every queue, or one queue with its workers'
            cand jobs 'List a queue''s jobs in one state'
            cand show 'Show one job: arguments (secrets redacted), attempts, last error and times'
            cand retry 'Run a failed or killed job again, or every failed job of the queue'
            cand cancel 'Cancel a job that has not started; it is kept as killed'
            cand purge 'Remove finished jobs (done, failed, killed) older than an age'
            cand pause 'Stop every daemon''s workers from taking new jobs from a queue; running ones finish'
            cand resume 'Let workers take jobs from a paused queue again'
            cand workers 'List the workers of every queue, across daemons'
            cand watch 'A live view of the queues, refreshed in place; a bar shows a queue draining. Off a terminal it prints a table per refresh, or with `-o json` one JSON line per refresh'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;queue;help;ls'= {
        }
        &'penguin;queue;help;stats'= {
        }
        &'penguin;queue;help;jobs'= {
        }
        &'penguin;queue;help;show'= {
        }
        &'penguin;queue;help;retry'= {
        }
        &'penguin;queue;help;cancel'= {
        }
        &'penguin;queue;help;purge'= {
        }
        &'penguin;queue;help;pause'= {
        }
        &'penguin;queue;help;resume'= {
        }
        &'penguin;queue;help;workers'= {
        }
        &'penguin;queue;help;watch'= {
        }
        &'penguin;queue;help;help'= {
        }
        &'penguin;analytics'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand overview 'Every tenant''s sending per UTC day, per tenant, per sending domain and per recipient provider, with bounce and complaint rates'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;analytics;overview'= {
            cand --from 'First day, YYYY-MM-DD (default: 29 days before --to)'
            cand --to 'Last day, YYYY-MM-DD (default: today, UTC)'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;analytics;help'= {
            cand overview 'Every tenant''s sending per UTC day, per tenant, per sending domain and per recipient provider, with bounce and complaint rates'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;analytics;help;overview'= {
        }
        &'penguin;analytics;help;help'= {
        }
        &'penguin;audit'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List audit entries, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;audit;ls'= {
            cand --tenant 'Only entries about this tenant'
            cand --action 'Only this action, e.g. tenant.suspend'
            cand --limit 'At most this many entries'
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;audit;help'= {
            cand ls 'List audit entries, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;audit;help;ls'= {
        }
        &'penguin;audit;help;help'= {
        }
        &'penguin;completions'= {
            cand -o 'Output format: tables for people, JSON (one value) for scripts'
            cand --output 'Output format: tables for people, JSON (one value) for scripts'
            cand --config 'TOML configuration file; PENGUIN_* environment variables override it'
            cand -y 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand --yes 'Do not ask for confirmation; required for destructive commands when not on a terminal'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'penguin;help'= {
            cand migrate 'Apply pending database migrations'
            cand admin 'Administration: API keys'
            cand tenant 'Manage tenants'
            cand workspace 'Manage a tenant''s workspaces'
            cand leads 'Import leads'
            cand campaign 'Inspect and steer campaigns'
            cand events 'Inbound mail: classify and ingest bounces, complaints and replies'
            cand queue 'Inspect and steer the background job queues and their workers'
            cand analytics 'Sending analytics across every tenant'
            cand audit 'Read the audit log'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'penguin;help;migrate'= {
        }
        &'penguin;help;admin'= {
            cand keys 'Create, list and revoke API keys'
        }
        &'penguin;help;admin;keys'= {
            cand create 'Create a key; it is printed once and cannot be shown again'
            cand ls 'List keys (never their secrets)'
            cand revoke 'Revoke a key; it is refused from the next request on'
        }
        &'penguin;help;admin;keys;create'= {
        }
        &'penguin;help;admin;keys;ls'= {
        }
        &'penguin;help;admin;keys;revoke'= {
        }
        &'penguin;help;tenant'= {
            cand create 'Create a tenant'
            cand ls 'List tenants'
            cand show 'Show one tenant'
            cand rename 'Rename a tenant'
            cand suspend 'Suspend a tenant: its API keys are refused until it is resumed'
            cand resume 'Resume a suspended tenant'
            cand delete 'Delete a tenant (soft); with --purge, remove it and all its data for good'
        }
        &'penguin;help;tenant;create'= {
        }
        &'penguin;help;tenant;ls'= {
        }
        &'penguin;help;tenant;show'= {
        }
        &'penguin;help;tenant;rename'= {
        }
        &'penguin;help;tenant;suspend'= {
        }
        &'penguin;help;tenant;resume'= {
        }
        &'penguin;help;tenant;delete'= {
        }
        &'penguin;help;workspace'= {
            cand create 'Create a workspace in a tenant'
            cand ls 'List a tenant''s workspaces'
            cand show 'Show one workspace'
            cand update 'Change a workspace''s name or time zone'
            cand delete 'Delete a workspace'
        }
        &'penguin;help;workspace;create'= {
        }
        &'penguin;help;workspace;ls'= {
        }
        &'penguin;help;workspace;show'= {
        }
        &'penguin;help;workspace;update'= {
        }
        &'penguin;help;workspace;delete'= {
        }
        &'penguin;help;leads'= {
            cand import 'Import leads from a CSV file, with a progress bar, then print where every row went'
        }
        &'penguin;help;leads;import'= {
        }
        &'penguin;help;campaign'= {
            cand ls 'List the campaigns of a workspace'
            cand show 'Show one campaign'
            cand start 'Start a draft campaign'
            cand pause 'Pause an active campaign: nothing more is sent until it is resumed'
            cand resume 'Resume a paused campaign'
            cand stats 'Show what a campaign has sent, its events and rates, and what its leads are waiting for'
        }
        &'penguin;help;campaign;ls'= {
        }
        &'penguin;help;campaign;show'= {
        }
        &'penguin;help;campaign;start'= {
        }
        &'penguin;help;campaign;pause'= {
        }
        &'penguin;help;campaign;resume'= {
        }
        &'penguin;help;campaign;stats'= {
        }
        &'penguin;help;events'= {
            cand classify 'Classify raw messages (bounce, complaint, auto-reply, other) without changing anything'
            cand ingest 'Ingest raw messages: classify them, match them to the sends they answer, and record their events (suppression, stopped enrollments)'
        }
        &'penguin;help;events;classify'= {
        }
        &'penguin;help;events;ingest'= {
        }
        &'penguin;help;queue'= {
            cand ls 'List the queues with their jobs counted by state'
            cand stats 'Counts by state for every queue, or one queue with its workers'
            cand jobs 'List a queue''s jobs in one state'
            cand show 'Show one job: arguments (secrets redacted), attempts, last error and times'
            cand retry 'Run a failed or killed job again, or every failed job of the queue'
            cand cancel 'Cancel a job that has not started; it is kept as killed'
            cand purge 'Remove finished jobs (done, failed, killed) older than an age'
            cand pause 'Stop every daemon''s workers from taking new jobs from a queue; running ones finish'
            cand resume 'Let workers take jobs from a paused queue again'
            cand workers 'List the workers of every queue, across daemons'
            cand watch 'A live view of the queues, refreshed in place; a bar shows a queue draining. Off a terminal it prints a table per refresh, or with `-o json` one JSON line per refresh'
        }
        &'penguin;help;queue;ls'= {
        }
        &'penguin;help;queue;stats'= {
        }
        &'penguin;help;queue;jobs'= {
        }
        &'penguin;help;queue;show'= {
        }
        &'penguin;help;queue;retry'= {
        }
        &'penguin;help;queue;cancel'= {
        }
        &'penguin;help;queue;purge'= {
        }
        &'penguin;help;queue;pause'= {
        }
        &'penguin;help;queue;resume'= {
        }
        &'penguin;help;queue;workers'= {
        }
        &'penguin;help;queue;watch'= {
        }
        &'penguin;help;analytics'= {
            cand overview 'Every tenant''s sending per UTC day, per tenant, per sending domain and per recipient provider, with bounce and complaint rates'
        }
        &'penguin;help;analytics;overview'= {
        }
        &'penguin;help;audit'= {
            cand ls 'List audit entries, newest first'
        }
        &'penguin;help;audit;ls'= {
        }
        &'penguin;help;completions'= {
        }
        &'penguin;help;help'= {
        }
    ]
    $completions[$command]
}
