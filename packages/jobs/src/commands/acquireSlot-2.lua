--[[
  Takes a slot for a job in its tenant's set of active jobs when fewer than ARGV[2] are
  active. Members whose record has ended or expired are removed first, so a slot can
  never leak: a crash anywhere leaves at worst an id that the next call drops. A job that
  already holds a slot (a retried plan) keeps it. The member records are read by key
  name; they share the prefix's hash tag.

  Input:
    KEYS[1] the job hash
    KEYS[2] the tenant's slots (set of job ids)
    ARGV[1] the job id
    ARGV[2] the cap
    ARGV[3] the job hash key prefix (an id is appended)
    ARGV[4] the terminal statuses, JSON array

  Output:
    1 go, 0 wait, 2 the job itself has ended or vanished: nothing to run
]]
local ended = {}
for _, status in ipairs(cjson.decode(ARGV[4])) do ended[status] = true end
local status = redis.call('HGET', KEYS[1], 'status')
if not status or ended[status] then return 2 end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 1 end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local other = redis.call('HGET', ARGV[3] .. id, 'status')
  if not other or ended[other] then redis.call('SREM', KEYS[2], id) end
end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[2], ARGV[1])
return 1
