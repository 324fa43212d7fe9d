--[[
  Removes an outbox entry once its work is done, but only the exact entry that was taken:
  an entry staged again under the same id with other content since stays to be delivered.

  Input:
    KEYS[1] outbox: entry ids by due time (sorted set)
    KEYS[2] outbox: entries by id (hash)
    ARGV[1] the entry id
    ARGV[2] the entry JSON, exactly as it was read

  Output:
    1 removed, 0 not (already gone, or changed since)
]]
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then
  -- An id whose entry is gone is dropped from the due set too: there is nothing to deliver.
  if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then redis.call('ZREM', KEYS[1], ARGV[1]) end
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
