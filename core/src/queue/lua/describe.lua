-- What is known of some jobs: their arguments and their metadata.
-- KEYS[1] data hash; ARGV[1] meta key prefix, ARGV[2..] job ids
-- Returns {{id, data or false, {field, value, ...}}, ...}
local out = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  local data = redis.call("hget", KEYS[1], id)
  local meta = redis.call("hgetall", ARGV[1] .. ":" .. id)
  table.insert(out, {id, data, meta})
end
return out
