// Lua scripts run atomically by Redis; every state change of an entry is one of them, so
// no crash between two commands can leave an entry half-moved.
//
// Keys (all under one `{hash tag}` so a Redis Cluster keeps them on one slot):
//   1 entries     hash  entryId -> entry JSON {m, k, v, t, e}
//   2 outstanding zset  entryId -> acceptedAt ms   every entry not yet in MySQL (backlog, lag)
//   3 pending     zset  entryId -> acceptedAt ms   ready to be claimed by a worker
//   4 claimed     zset  entryId -> lease expiry ms being flushed by a worker
//   5 retry       zset  entryId -> ready at ms     rejected once, waiting for its backoff
//   6 latest      hash  record key -> entryId      newest outstanding entry of each record
//   7 attempts    hash  entryId -> rejected attempts so far
//   8 dead        hash  entryId -> dead letter JSON {entry, error, attempts, failedAt}
//   9 deadIndex   zset  entryId -> failedAt ms
//  10 clock       string last version handed out
//  11 wake        string set while a delayed flush job is scheduled
//  12 paused      string set while MySQL is considered down (workers back off together)
// An entry is always in exactly one of pending / claimed / retry while it is outstanding.

export const KEY_NAMES = [
  'entries',
  'outstanding',
  'pending',
  'claimed',
  'retry',
  'latest',
  'attempts',
  'dead',
  'deadIndex',
  'clock',
  'wake',
  'paused',
] as const;

export type KeyName = (typeof KEY_NAMES)[number];

const NOW = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/**
 * ARGV: entryId, record key ('' = the entry id), value JSON, maxBacklog, wake ms.
 * Returns {1, backlog, version, wake} or {0, backlog} when the backlog is full.
 *
 * The version is a hybrid logical clock: max(last + 1, now in µs-ish units), so it grows
 * with every write and still starts above every earlier version if Redis lost its data.
 */
export const WRITE_SCRIPT = `${NOW}
local backlog = redis.call('ZCARD', KEYS[2])
if backlog >= tonumber(ARGV[4]) then return {0, backlog} end
local now = nowMs()
local last = tonumber(redis.call('GET', KEYS[10]) or '0')
local version = math.max(last + 1, now * 1000)
local v = string.format('%.0f', version)
redis.call('SET', KEYS[10], v)
local m = ARGV[1]
local k = ARGV[2]
if k == '' then k = m end
redis.call('HSET', KEYS[1], m,
  '{"m":"' .. m .. '","k":' .. cjson.encode(k) .. ',"v":' .. v .. ',"t":' .. string.format('%.0f', now) .. ',"e":' .. ARGV[3] .. '}')
redis.call('ZADD', KEYS[2], now, m)
redis.call('ZADD', KEYS[3], now, m)
redis.call('HSET', KEYS[6], k, m)
local wake = 0
if redis.call('SET', KEYS[11], '1', 'NX', 'PX', ARGV[5]) then wake = 1 end
return {1, backlog + 1, v, wake}
`;

/**
 * ARGV: max batch size, lease ms.
 * First returns expired leases (a worker died mid-flush) and due retries to pending, then
 * moves up to a batch of the oldest pending entries to claimed under a lease.
 * Returns {entries, attempts, next due ms}; the last is > 0 when nothing was claimed but
 * something will become claimable (a lease expires, a retry is due, the pause ends).
 */
export const CLAIM_SCRIPT = `${NOW}
local now = nowMs()
local paused = redis.call('PTTL', KEYS[12])
if paused > 0 then return {{}, {}, paused} end
local function requeue(set)
  local due = redis.call('ZRANGEBYSCORE', set, '-inf', now, 'LIMIT', 0, 1000)
  for _, m in ipairs(due) do
    redis.call('ZREM', set, m)
    local t = redis.call('ZSCORE', KEYS[2], m)
    if t and redis.call('HEXISTS', KEYS[1], m) == 1 then redis.call('ZADD', KEYS[3], t, m) end
  end
end
requeue(KEYS[4])
requeue(KEYS[5])
local ids = redis.call('ZRANGE', KEYS[3], 0, tonumber(ARGV[1]) - 1)
local entries, attempts = {}, {}
local expires = now + tonumber(ARGV[2])
for _, m in ipairs(ids) do
  redis.call('ZREM', KEYS[3], m)
  local e = redis.call('HGET', KEYS[1], m)
  if e then
    redis.call('ZADD', KEYS[4], expires, m)
    entries[#entries + 1] = e
    attempts[#attempts + 1] = redis.call('HGET', KEYS[7], m) or '0'
  end
end
local nextDue = -1
if #entries == 0 then
  local c = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
  local r = redis.call('ZRANGE', KEYS[5], 0, 0, 'WITHSCORES')
  if c[2] then nextDue = tonumber(c[2]) - now end
  if r[2] and (nextDue < 0 or tonumber(r[2]) - now < nextDue) then nextDue = tonumber(r[2]) - now end
end
return {entries, attempts, nextDue}
`;

/**
 * ARGV: pairs of entryId, record key. Forgets entries that are now in MySQL.
 * Returns how many were still outstanding (a re-flushed entry acked twice counts once).
 */
export const ACK_SCRIPT = `
local acked = 0
for i = 1, #ARGV, 2 do
  local m, k = ARGV[i], ARGV[i + 1]
  redis.call('ZREM', KEYS[4], m)
  redis.call('ZREM', KEYS[3], m)
  redis.call('ZREM', KEYS[5], m)
  redis.call('ZREM', KEYS[2], m)
  redis.call('HDEL', KEYS[7], m)
  acked = acked + redis.call('HDEL', KEYS[1], m)
  if redis.call('HGET', KEYS[6], k) == m then redis.call('HDEL', KEYS[6], k) end
end
return acked
`;

/**
 * ARGV: pause ms, then entryIds. Puts claimed entries back to pending unchanged (MySQL was
 * unreachable, the rows were never judged) and pauses all workers for the backoff.
 */
export const RELEASE_SCRIPT = `
if tonumber(ARGV[1]) > 0 then redis.call('SET', KEYS[12], '1', 'PX', ARGV[1]) end
for i = 2, #ARGV do
  local m = ARGV[i]
  if redis.call('ZREM', KEYS[4], m) == 1 and redis.call('HEXISTS', KEYS[1], m) == 1 then
    local t = redis.call('ZSCORE', KEYS[2], m)
    if t then redis.call('ZADD', KEYS[3], t, m) end
  end
end
return 1
`;

/**
 * ARGV: error message, then groups of entryId, record key, 'retry'|'dead', attempts, delay ms.
 * Entries MySQL rejected either wait for their backoff or become dead letters.
 * Returns the number of entries dead-lettered.
 */
export const REJECT_SCRIPT = `${NOW}
local now = nowMs()
local dead = 0
for i = 2, #ARGV, 5 do
  local m, k, action, attempts, delay = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  redis.call('ZREM', KEYS[4], m)
  local e = redis.call('HGET', KEYS[1], m)
  if e then
    if action == 'dead' then
      redis.call('HSET', KEYS[8], m, cjson.encode({entry = e, error = ARGV[1], attempts = tonumber(attempts), failedAt = now}))
      redis.call('ZADD', KEYS[9], now, m)
      redis.call('HDEL', KEYS[1], m)
      redis.call('HDEL', KEYS[7], m)
      redis.call('ZREM', KEYS[2], m)
      redis.call('ZREM', KEYS[3], m)
      redis.call('ZREM', KEYS[5], m)
      if redis.call('HGET', KEYS[6], k) == m then redis.call('HDEL', KEYS[6], k) end
      dead = dead + 1
    else
      redis.call('HSET', KEYS[7], m, attempts)
      redis.call('ZADD', KEYS[5], now + tonumber(delay), m)
    end
  end
end
return dead
`;

/**
 * ARGV: entryIds. Moves dead letters back into the flow as fresh outstanding entries with
 * their original version, so a replay can never overwrite a newer value of the record.
 * Returns the number replayed.
 */
export const REPLAY_SCRIPT = `${NOW}
local now = nowMs()
local replayed = 0
for _, m in ipairs(ARGV) do
  local raw = redis.call('HGET', KEYS[8], m)
  if raw then
    local letter = cjson.decode(raw)
    local entry = cjson.decode(letter.entry)
    redis.call('HSET', KEYS[1], m, letter.entry)
    redis.call('ZADD', KEYS[2], now, m)
    redis.call('ZADD', KEYS[3], now, m)
    local current = redis.call('HGET', KEYS[6], entry.k)
    local newer = false
    if current then
      local currentEntry = redis.call('HGET', KEYS[1], current)
      if currentEntry and cjson.decode(currentEntry).v > entry.v then newer = true end
    end
    if not newer then redis.call('HSET', KEYS[6], entry.k, m) end
    redis.call('HDEL', KEYS[8], m)
    redis.call('ZREM', KEYS[9], m)
    replayed = replayed + 1
  end
end
return replayed
`;

/** ARGV: entryIds. Deletes dead letters for good. Returns the number deleted. */
export const DISCARD_SCRIPT = `
local discarded = 0
for _, m in ipairs(ARGV) do
  discarded = discarded + redis.call('HDEL', KEYS[8], m)
  redis.call('ZREM', KEYS[9], m)
end
return discarded
`;
