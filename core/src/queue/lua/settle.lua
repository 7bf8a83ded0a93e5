-- Settles the jobs a stopped worker was holding: well-formed jobs go back to the queue; jobs
-- that are not (arguments that are not JSON, an id that is not a ULID, missing bookkeeping:
-- they stop the worker that fetches them) are filed as failed, so they cannot stop the next.
-- KEYS[1] the worker's in-flight set, KEYS[2] data hash, KEYS[3] dead set, KEYS[4] active list,
-- KEYS[5] signal list, KEYS[6] workers zset
-- ARGV[1] meta key prefix, ARGV[2] now, ARGV[3] worker name
-- Returns {requeued, failed}
local requeued, failed = 0, 0
for _, id in ipairs(redis.call("smembers", KEYS[1])) do
  local data = redis.call("hget", KEYS[2], id)
  local meta = ARGV[1] .. ":" .. id
  local readable = data and pcall(cjson.decode, data)
    and #id == 26 and string.match(id, "^[0-9A-HJKMNP-TV-Z]+$") ~= nil
    and tonumber(redis.call("hget", meta, "attempts")) ~= nil
    and tonumber(redis.call("hget", meta, "max_attempts")) ~= nil
    and redis.call("hexists", meta, "status") == 1
  if readable then
    redis.call("rpush", KEYS[4], id)
    requeued = requeued + 1
  else
    redis.call("sadd", KEYS[3], id)
    redis.call("hset", meta, "status", "Killed", "done_at", ARGV[2],
      "result", '{"Err":"the job is malformed: it cannot be read from the queue"}')
    failed = failed + 1
  end
end
redis.call("del", KEYS[1])
redis.call("zrem", KEYS[6], ARGV[3])
if requeued > 0 then
  redis.call("del", KEYS[5])
  redis.call("lpush", KEYS[5], 1)
end
return {requeued, failed}
