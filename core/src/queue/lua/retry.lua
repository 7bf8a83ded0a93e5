-- Puts a failed or killed job back at the end of the queue, with its attempts reset.
-- KEYS[1] dead set, KEYS[2] active list, KEYS[3] signal list; ARGV[1] meta key prefix,
-- ARGV[2] job id, ARGV[3] the queue's availability channel
-- Returns 1 when requeued, 0 when the job is not failed or killed
local id = ARGV[2]
if redis.call("srem", KEYS[1], id) == 0 then return 0 end
local meta = ARGV[1] .. ":" .. id
redis.call("hdel", meta, "cancelled_at", "done_at", "locked_at", "locked_by", "result")
redis.call("hset", meta, "status", "Pending", "attempts", 0)
redis.call("rpush", KEYS[2], id)
redis.call("del", KEYS[3])
redis.call("lpush", KEYS[3], 1)
redis.call("publish", ARGV[3], id)
return 1
