--[[
  Moves a job forward and stages the work that follows, in one step: never out of a
  terminal status, never back to an earlier one (a late progress write cannot undo
  "failed"). When the new status is terminal the job leaves the active index and, with a
  retention, its keys expire.

  Input:
    KEYS[1] job hash
    KEYS[2] its chunk counts (hash)
    KEYS[3] its chunk progress (hash)
    KEYS[4] its chunk reports (hash)
    KEYS[5] outbox: entry ids by due time (sorted set)
    KEYS[6] outbox: entries by id (hash)
    KEYS[7] active jobs: ids of jobs not yet terminal (sorted set)

    ARGV[1] the job id (its member in the active index)
    ARGV[2] the new status
    ARGV[3] status ranks, JSON ({"queued":0,...}); the highest rank is terminal
    ARGV[4] guard: when not empty, the job's updatedAt must equal it (nobody moved it since)
    ARGV[5] retention in seconds once terminal; empty: kept for ever
    ARGV[6] when the outbox entries fall due (ms since epoch)
    ARGV[7] n, the number of outbox entries
    ARGV[8 .. 7 + 2n] entry id, entry JSON, pairs
    ARGV[8 + 2n ..] field, value pairs set with the status

  Output:
    1  moved
    0  not moved: terminal, further along, or the guard failed
    -1 no such job
]]
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return -1 end
local status = ARGV[2]
local rank = cjson.decode(ARGV[3])
local terminal = 0
for _, r in pairs(rank) do if r > terminal then terminal = r end end
if rank[current] == terminal or rank[status] < rank[current] then return 0 end
if ARGV[4] ~= '' and redis.call('HGET', KEYS[1], 'updatedAt') ~= ARGV[4] then return 0 end

local entries = tonumber(ARGV[7])
local fieldsFrom = 8 + 2 * entries
if #ARGV >= fieldsFrom then
  redis.call('HSET', KEYS[1], 'status', status, unpack(ARGV, fieldsFrom))
else
  redis.call('HSET', KEYS[1], 'status', status)
end
for i = 0, entries - 1 do
  local id = ARGV[8 + 2 * i]
  redis.call('HSET', KEYS[6], id, ARGV[9 + 2 * i])
  redis.call('ZADD', KEYS[5], ARGV[6], id)
end
if rank[status] == terminal then
  redis.call('ZREM', KEYS[7], ARGV[1])
  if ARGV[5] ~= '' then
    for k = 1, 4 do redis.call('EXPIRE', KEYS[k], tonumber(ARGV[5])) end
  end
end
return 1
