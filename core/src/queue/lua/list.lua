-- One page of a queue's job ids in one state.
-- KEYS[1] active list, KEYS[2] scheduled zset, KEYS[3] workers zset, KEYS[4] done set,
-- KEYS[5] dead set
-- ARGV[1] state, ARGV[2] cursor ("0" to start), ARGV[3] page size, ARGV[4] now,
-- ARGV[5] inflight key prefix, ARGV[6] meta key prefix
-- Returns {next cursor ("0" when done), id, id, ...}
local state, cursor, size, now = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local ids = {}

if state == "pending" then
  -- The active list first, then scheduled jobs that are already due.
  local offset = tonumber(cursor)
  local listed = redis.call("llen", KEYS[1])
  if offset < listed then
    ids = redis.call("lrange", KEYS[1], offset, offset + size - 1)
  end
  if #ids < size then
    local skip = math.max(offset - listed, 0)
    local due = redis.call("zrangebyscore", KEYS[2], "-inf", now, "LIMIT", skip, size - #ids)
    for _, id in ipairs(due) do table.insert(ids, id) end
  end
  local total = listed + redis.call("zcount", KEYS[2], "-inf", now)
  local next = offset + #ids
  if next >= total then next = 0 end
  return {tostring(next), unpack(ids)}
elseif state == "scheduled" then
  local offset = tonumber(cursor)
  ids = redis.call("zrangebyscore", KEYS[2], "(" .. now, "+inf", "LIMIT", offset, size)
  local next = offset + #ids
  if #ids < size then next = 0 end
  return {tostring(next), unpack(ids)}
elseif state == "running" then
  local all = {}
  for _, worker in ipairs(redis.call("zrange", KEYS[3], 0, -1)) do
    for _, id in ipairs(redis.call("smembers", ARGV[5] .. ":" .. worker)) do
      table.insert(all, id)
    end
  end
  table.sort(all)
  local offset = tonumber(cursor)
  for i = offset + 1, math.min(offset + size, #all) do table.insert(ids, all[i]) end
  local next = offset + #ids
  if next >= #all then next = 0 end
  return {tostring(next), unpack(ids)}
end

-- Finished jobs sit in sets: walk them with SSCAN, filtering dead jobs by why they died.
local set = KEYS[4]
if state ~= "done" then set = KEYS[5] end
repeat
  local reply = redis.call("sscan", set, cursor, "COUNT", size)
  cursor = reply[1]
  for _, id in ipairs(reply[2]) do
    local keep = true
    if state ~= "done" then
      local cancelled = redis.call("hexists", ARGV[6] .. ":" .. id, "cancelled_at") == 1
      keep = (state == "killed") == cancelled
    end
    if keep then table.insert(ids, id) end
  end
until cursor == "0" or #ids >= size
return {cursor, unpack(ids)}
