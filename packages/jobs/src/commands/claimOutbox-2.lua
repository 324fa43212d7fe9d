--[[
  Takes up to ARGV[3] outbox entries that are due, and leases them: each is pushed to
  fall due again at ARGV[2], so no other relay takes it meanwhile.

  Input:
    KEYS[1] outbox: entry ids by due time (sorted set)
    KEYS[2] outbox: entries by id (hash)
    ARGV[1] now (ms since epoch)
    ARGV[2] the end of the lease (ms since epoch)
    ARGV[3] the most entries to take

  Output:
    a flat array: id, entry JSON (false when the id has no entry), id, entry, ...
]]
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local claimed = {}
for _, id in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], id)
  table.insert(claimed, id)
  table.insert(claimed, redis.call('HGET', KEYS[2], id))
end
return claimed
