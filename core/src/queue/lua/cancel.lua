-- Cancels a job that has not started: it leaves the queue and is kept as killed.
-- KEYS[1] active list, KEYS[2] scheduled zset, KEYS[3] dead set; ARGV[1] meta key prefix,
-- ARGV[2] job id, ARGV[3] now
-- Returns 1 when cancelled, 0 when the job is not waiting
local id = ARGV[2]
if redis.call("lrem", KEYS[1], 0, id) == 0 and redis.call("zrem", KEYS[2], id) == 0 then
  return 0
end
redis.call("hset", ARGV[1] .. ":" .. id, "status", "Killed", "cancelled_at", ARGV[3],
  "done_at", ARGV[3], "result", '{"Err":"cancelled by an operator"}')
redis.call("sadd", KEYS[3], id)
return 1
