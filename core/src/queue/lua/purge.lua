-- Removes finished jobs (done, failed or killed) that finished at or before a cutoff, one
-- SSCAN step at a time so that a large queue never blocks Redis for long.
-- KEYS[1] the set to purge (done or dead), KEYS[2] data hash; ARGV[1] meta key prefix,
-- ARGV[2] cursor, ARGV[3] cutoff (unix seconds), ARGV[4] step size
-- Returns {next cursor, removed}
local reply = redis.call("sscan", KEYS[1], ARGV[2], "COUNT", ARGV[4])
local cutoff = tonumber(ARGV[3])
local removed = 0
for _, id in ipairs(reply[2]) do
  local meta = ARGV[1] .. ":" .. id
  local finished = tonumber(redis.call("hget", meta, "done_at"))
  -- A job without metadata lost it to an older vacuum: nothing is left to keep.
  local orphan = redis.call("exists", meta) == 0
  if orphan or (finished ~= nil and finished <= cutoff) then
    redis.call("srem", KEYS[1], id)
    redis.call("hdel", KEYS[2], id)
    redis.call("del", meta)
    removed = removed + 1
  end
end
return {reply[1], removed}
