-- Counts a queue's jobs by state, in one consistent read.
-- KEYS[1] active list, KEYS[2] scheduled zset, KEYS[3] workers zset, KEYS[4] done set,
-- KEYS[5] dead set
-- ARGV[1] now (unix seconds), ARGV[2] inflight key prefix, ARGV[3] meta key prefix
-- Returns {pending, scheduled, running, done, failed, killed}
local now = tonumber(ARGV[1])
local due = redis.call("zcount", KEYS[2], "-inf", now)
local pending = redis.call("llen", KEYS[1]) + due
local scheduled = redis.call("zcard", KEYS[2]) - due
local running = 0
for _, worker in ipairs(redis.call("zrange", KEYS[3], 0, -1)) do
  running = running + redis.call("scard", ARGV[2] .. ":" .. worker)
end
local done = redis.call("scard", KEYS[4])
local failed, killed = 0, 0
for _, id in ipairs(redis.call("smembers", KEYS[5])) do
  if redis.call("hexists", ARGV[3] .. ":" .. id, "cancelled_at") == 1 then
    killed = killed + 1
  else
    failed = failed + 1
  end
end
return {pending, scheduled, running, done, failed, killed}
