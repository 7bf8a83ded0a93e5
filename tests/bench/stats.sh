#!/usr/bin/env bash
# Campaign stats read from the analytics counters, against the scan of `sends` and `events` they
# replace, on one campaign with 200,000 sends and 1,000,000 events, in a throwaway database.
#
#   tests/bench/stats.sh [runs]       # PGHOST/PGUSER as for psql; default 127.0.0.1, postgres
#
# It loads the data under the schema before the counters, applies the counters migration (its
# backfill is timed too), then runs the statements of the stats call each way, `runs` times,
# and prints the median of each.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-7}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
db=penguin_stats_bench
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db"' EXIT
q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
for migration in migrations/*.sql; do
    [[ $migration == *_analytics.sql ]] || q -f "$migration"
done

q <<'SQL'
\set t '''00000000-0000-0000-0000-000000000001'''
\set w '''00000000-0000-0000-0000-000000000002'''
\set c '''00000000-0000-0000-0000-000000000003'''
INSERT INTO tenants (id, name) VALUES (:t, 'Bench');
INSERT INTO workspaces (id, tenant_id, name) VALUES (:w, :t, 'Main');
INSERT INTO mailboxes (id, tenant_id, workspace_id, email, smtp_host, smtp_port, smtp_tls)
SELECT md5('m' || i)::uuid, :t, :w, 'm' || i || '@sender' || i % 3 || '.example', '127.0.0.1',
    25, 'none' FROM generate_series(0, 9) i;
INSERT INTO campaigns (id, tenant_id, workspace_id, name, schedule, steps, status)
VALUES (:c, :t, :w, 'Bench', '{"timezone": "Europe/Berlin"}', '[]', 'active');
INSERT INTO leads (id, tenant_id, workspace_id, email, email_key, domain)
SELECT md5('l' || i)::uuid, :t, :w, 'l' || i || '@' || d, 'l' || i || '@' || d, d
FROM generate_series(1, 200000) i,
    LATERAL (SELECT (ARRAY['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com',
        'acme.example'])[i / 11 % 5 + 1] AS d) x;
INSERT INTO enrollments (id, tenant_id, campaign_id, lead_id, mailbox_id, status, next_step)
SELECT md5('e' || i)::uuid, :t, :c, md5('l' || i)::uuid, md5('m' || i / 7 % 10)::uuid,
    'completed', 1 FROM generate_series(1, 200000) i;
INSERT INTO sends (id, tenant_id, campaign_id, enrollment_id, lead_id, mailbox_id, step, variant,
    message_id, status, attempts, finished_at, smtp_code, smtp_reply)
SELECT md5('s' || i)::uuid, :t, :c, md5('e' || i)::uuid, md5('l' || i)::uuid,
    md5('m' || i / 7 % 10)::uuid, 0, i / 3 % 2, '<' || i || '@sender.example>',
    CASE WHEN i % 50 = 0 THEN 'bounced' ELSE 'sent' END, 1,
    now() - make_interval(hours => i % 720), 250, '250 ok'
FROM generate_series(1, 200000) i;
INSERT INTO events (id, dedup_key, tenant_id, workspace_id, campaign_id, send_id, lead_id,
    mailbox_id, step, variant, kind, machine, occurred_at, details)
SELECT md5('v' || i || '.' || j)::uuid, i || '.' || j, :t, :w, :c, md5('s' || i)::uuid,
    md5('l' || i)::uuid, md5('m' || i / 7 % 10)::uuid, 0, i / 3 % 2, k, j = 1 AND i % 3 = 0,
    now() - make_interval(hours => i % 720) + make_interval(mins => j * 20),
    CASE WHEN k = 'bounced' THEN '{"hard": true}' ELSE '{}' END::jsonb
FROM generate_series(1, 200000) i, generate_series(0, 4) j,
    LATERAL (SELECT CASE j WHEN 0 THEN 'delivered' WHEN 1 THEN 'opened' WHEN 2 THEN 'opened'
        WHEN 3 THEN CASE WHEN i % 4 = 0 THEN 'clicked' ELSE 'opened' END
        ELSE CASE WHEN i % 10 = 0 THEN 'replied' WHEN i % 97 = 0 THEN 'complained'
            WHEN i % 53 = 0 THEN 'bounced' ELSE 'opened' END END AS k) x
WHERE i % 50 <> 0;
VACUUM ANALYZE;
SQL
echo "events: $(q -At -c 'SELECT count(*) FROM events')"
start=$(date +%s%N)
q -f migrations/*_analytics.sql
echo "counters migration with its backfill: $(( ($(date +%s%N) - start) / 1000000 )) ms"
q -c 'VACUUM ANALYZE'
echo "counter rows: $(q -At -c 'SELECT count(*) FROM analytics_counters')"

common="
SELECT status FROM campaigns WHERE tenant_id = :'t' AND id = :'c';
SELECT status, count(*) FROM enrollments WHERE tenant_id = :'t' AND campaign_id = :'c' GROUP BY status;
SELECT coalesce(reason, 'due'), count(*) FROM enrollments WHERE tenant_id = :'t'
    AND campaign_id = :'c' AND status = 'active' AND current_send_id IS NULL GROUP BY 1;"
scan="$common
SELECT step, variant, CASE WHEN claim IS NOT NULL AND status IN ('queued', 'deferred')
    THEN 'claimed' ELSE status END, count(*) FROM sends
    WHERE tenant_id = :'t' AND campaign_id = :'c' GROUP BY 1, 2, 3 ORDER BY 1, 2;
SELECT step, variant, kind, count(DISTINCT send_id) FILTER (WHERE NOT machine),
    count(*) FILTER (WHERE NOT machine), count(*) FILTER (WHERE machine) FROM events
    WHERE tenant_id = :'t' AND campaign_id = :'c' GROUP BY step, variant, kind;"
sums=$(q -At -c "SELECT string_agg(format('coalesce(sum(%s), 0)::bigint', column_name), ', ')
    FROM information_schema.columns WHERE table_name = 'analytics_counters'
    AND data_type = 'integer' AND column_name NOT IN ('step', 'variant')")
counters="$common
SELECT s.step, s.variant, CASE WHEN s.claim IS NULL THEN s.status ELSE 'claimed' END, count(*)
    FROM enrollments e JOIN sends s ON s.id = e.current_send_id
    WHERE e.tenant_id = :'t' AND e.campaign_id = :'c' AND e.current_send_id IS NOT NULL
    AND s.status IN ('queued', 'deferred') GROUP BY 1, 2, 3;
SELECT step, variant, $sums FROM analytics_counters
    WHERE campaign_id = :'c' AND tenant_id = :'t' GROUP BY 1, 2;"

# Milliseconds of one run of a set of statements (the sum of psql's \timing lines).
time_of() {
    { echo '\timing on'; echo '\o /dev/null'; echo "$1"; } \
        | q -v t=00000000-0000-0000-0000-000000000001 -v c=00000000-0000-0000-0000-000000000003 \
        | awk '/^Time:/ { sum += $2 } END { printf "%.1f\n", sum }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
time_of "$scan" >/dev/null; time_of "$counters" >/dev/null   # warm the cache
scan_ms=$(for _ in $(seq "$runs"); do time_of "$scan"; done | median)
counters_ms=$(for _ in $(seq "$runs"); do time_of "$counters"; done | median)
common_ms=$(for _ in $(seq "$runs"); do time_of "$common"; done | median)
echo "campaign stats, median of $runs: scan of sends and events $scan_ms ms, counters $counters_ms ms"
echo "  of which the enrollment counts both ways run: $common_ms ms"
