--[[
  Drops from a tenant's index of jobs the ids older than ARGV[1] whose record has
  expired; at most ARGV[3] of the oldest are looked at per call, so the cost is bounded.

  Input:
    KEYS[1] the tenant's job ids (sorted set, all scores 0, ordered by id = creation time)
    ARGV[1] an id prefix: only ids below it are looked at
    ARGV[2] the job hash key prefix (the id is appended)
    ARGV[3] the most ids to look at

  Output:
    how many ids were removed
]]
local ids = redis.call('ZRANGE', KEYS[1], '-', '(' .. ARGV[1], 'BYLEX', 'LIMIT', 0, tonumber(ARGV[3]))
local removed = 0
for _, id in ipairs(ids) do
  if redis.call('EXISTS', ARGV[2] .. id) == 0 then
    redis.call('ZREM', KEYS[1], id)
    removed = removed + 1
  end
end
return removed
