-- What is known of some jobs: their arguments, their metadata, and when a scheduled one is due.
-- KEYS[1] data hash, KEYS[2] scheduled zset; ARGV[1] meta key prefix, ARGV[2..] job ids
-- Returns {{id, data or false, {field, value, ...}, due time or false}, ...}
local out = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  local data = redis.call("hget", KEYS[1], id)
  local meta = redis.call("hgetall", ARGV[1] .. ":" .. id)
  local due = redis.call("zscore", KEYS[2], id)
  table.insert(out, {id, data, meta, due})
end
return out
