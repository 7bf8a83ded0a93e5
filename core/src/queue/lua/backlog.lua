-- Counts a queue's jobs that are not finished: waiting (due now) or held by a worker; and the
-- workers whose last heartbeat is recent.
-- KEYS[1] active list, KEYS[2] scheduled zset, KEYS[3] workers zset (scored by last heartbeat)
-- ARGV[1] now (unix seconds), ARGV[2] inflight key prefix, ARGV[3] oldest live heartbeat
-- Returns {unfinished jobs, live workers}
local count = redis.call("llen", KEYS[1]) + redis.call("zcount", KEYS[2], "-inf", ARGV[1])
for _, worker in ipairs(redis.call("zrange", KEYS[3], 0, -1)) do
  count = count + redis.call("scard", ARGV[2] .. ":" .. worker)
end
return {count, redis.call("zcount", KEYS[3], ARGV[3], "+inf")}
