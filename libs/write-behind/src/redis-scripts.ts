// Lua scripts run atomically by Redis; every state change of an entry is one of them, so
// no crash between two commands can leave an entry half-moved.
//
// Keys (all under one `{hash tag}` so a Redis Cluster keeps them on one slot):
//   1 entries     hash  entryId -> entry JSON {v, t, m, k, e}; every expanded entry not yet in MySQL
//   2 held        zset  entryId -> acceptedAt ms   entries in claimed or retry (for lag)
//   3 pending     zset  entryId -> acceptedAt ms   ready to be claimed by a worker
//   4 claimed     zset  entryId -> lease expiry ms being flushed by a worker
//   5 retry       zset  entryId -> ready at ms     rejected, waiting for its backoff
//   6 latest      hash  record key -> entryId      newest entry of a record updated by id
//                                                  (a record created without id is found
//                                                  as entries[id], its key is its entry id)
//   7 attempts    hash  entryId -> rejected attempts so far
//   8 dead        hash  entryId -> dead letter JSON {entry, error, attempts, failedAt}
//   9 deadIndex   zset  entryId -> failedAt ms
//  10 clock       string last version handed out
//  11 wake        string set while a delayed flush job is scheduled
//  12 paused      string set while MySQL is considered down (workers back off together)
//  13 inbox       list  accepted groups of writes, oldest first, not yet expanded (one
//                       element per group commit: "<first version> <acceptedAt> <n>\n" + lines)
//  14 inboxed     string entries in inbox
//  15 inboxAt     list  acceptedAt ms of each inbox group, in the same order (for lag)
//
// The write path appends one element to inbox per group of writes, whatever the group's size:
// that is what makes acceptance cheap. Expanding a group into entries / pending / latest (a
// few µs of Redis time per entry) is done later by whoever needs the entries: a worker before
// it claims, a read before it looks. An accepted write is always in exactly one of inbox or
// entries (or dead), and an entry of `entries` in exactly one of pending / claimed / retry.

export const KEY_NAMES = [
  'entries',
  'held',
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
  'inbox',
  'inboxed',
  'inboxAt',
] as const;

export type KeyName = (typeof KEY_NAMES)[number];

const NOW = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

// Runs a variadic command over a long argument list in chunks (Lua's unpack has a stack limit).
const BULK = `
local function bulk(command, key, list)
  local result = 0
  for i = 1, #list, 1000 do
    local last = math.min(i + 999, #list)
    result = result + redis.call(command, key, unpack(list, i, last))
  end
  return result
end
`;

// Entries accepted but not yet in MySQL: expanded ones plus those still in the inbox.
const BACKLOG = `
local function backlog()
  return redis.call('HLEN', KEYS[1]) + tonumber(redis.call('GET', KEYS[14]) or '0')
end
`;

/**
 * ARGV: maxBacklog, wake ms, number of writes n, then the group: n lines joined by '\n', each
 * `entryId \t JSON of the record key ('' for a new record) \t JSON of the value` (JSON
 * escapes every tab and newline, so the separators cannot occur inside a field).
 * Stores the whole group as one inbox element with one version range: O(1) commands whatever
 * n is. When the backlog has room for fewer than n, only the first `room` writes are stored.
 * Returns {backlog before, backlog after, wake, first version, stored}: write i (0-based)
 * got version first + i when i < stored, else nothing was stored for it (backlog full);
 * `wake` is 1 when the caller must schedule the delayed flush job for this window.
 *
 * Versions come from a hybrid logical clock: max(last + 1, now in ms * 1000), so they grow
 * with every write and still start above every earlier version if Redis lost its data.
 */
export const WRITE_SCRIPT = `${NOW}${BACKLOG}
local before = backlog()
local room = tonumber(ARGV[1]) - before
local n = tonumber(ARGV[3])
if room <= 0 then return {before, before, 0, '0', 0} end
local group = ARGV[4]
local stored = n
if n > room then
  local cut = 0
  for _ = 1, room do cut = string.find(group, '\\n', cut + 1, true) end
  group = string.sub(group, 1, cut - 1)
  stored = room
end
local now = nowMs()
local first = math.max(tonumber(redis.call('GET', KEYS[10]) or '0'), now * 1000 - 1) + 1
local ts = string.format('%.0f', now)
local firstText = string.format('%.0f', first)
redis.call('SET', KEYS[10], string.format('%.0f', first + stored - 1))
redis.call('RPUSH', KEYS[13], firstText .. ' ' .. ts .. ' ' .. stored .. '\\n' .. group)
redis.call('RPUSH', KEYS[15], ts)
redis.call('INCRBY', KEYS[14], stored)
local wake = 0
if redis.call('SET', KEYS[11], '1', 'NX', 'PX', ARGV[2]) then wake = 1 end
return {before, before + stored, wake, firstText, stored}
`;

// Moves inbox groups into entries / pending / latest until at least `limit` entries moved
// or the inbox is empty. Returns the number of entries moved.
const EXPAND = `
local function expand(limit)
  local moved = 0
  while moved < limit do
    local group = redis.call('LPOP', KEYS[13])
    if not group then break end
    redis.call('LPOP', KEYS[15])
    local eol = string.find(group, '\\n', 1, true)
    local first, ts = string.match(string.sub(group, 1, eol - 1), '^(%d+) (%d+) %d+$')
    first = tonumber(first)
    local entries, scored, latest = {}, {}, {}
    local pos, i = eol + 1, 0
    local size = #group
    while pos <= size do
      local stop = string.find(group, '\\n', pos, true) or (size + 1)
      local tab1 = string.find(group, '\\t', pos, true)
      local tab2 = string.find(group, '\\t', tab1 + 1, true)
      local m = string.sub(group, pos, tab1 - 1)
      local k = '"' .. m .. '"'
      if tab2 > tab1 + 1 then
        k = string.sub(group, tab1 + 1, tab2 - 1)
        latest[#latest + 1] = cjson.decode(k)
        latest[#latest + 1] = m
      end
      entries[#entries + 1] = m
      entries[#entries + 1] = '{"v":' .. string.format('%.0f', first + i) .. ',"t":' .. ts .. ',"m":"' .. m .. '","k":' .. k .. ',"e":' .. string.sub(group, tab2 + 1, stop - 1) .. '}'
      scored[#scored + 1] = ts
      scored[#scored + 1] = m
      i = i + 1
      pos = stop + 1
    end
    bulk('HSET', KEYS[1], entries)
    bulk('ZADD', KEYS[3], scored)
    if #latest > 0 then bulk('HSET', KEYS[6], latest) end
    redis.call('DECRBY', KEYS[14], i)
    moved = moved + i
  end
  return moved
end
`;

/** ARGV: limit. Expands inbox groups (see EXPAND); returns the entries moved. */
export const EXPAND_SCRIPT = `${BULK}${EXPAND}
return expand(tonumber(ARGV[1]))
`;

/**
 * ARGV: max batch size, lease ms, max delay ms.
 * First expands up to a batch of inbox entries, then returns expired leases (a worker died mid-flush) and due retries to pending, then
 * moves up to a batch of the oldest pending entries to claimed under a lease: a full batch
 * at once, a partial one only when its oldest entry has waited max delay.
 * Returns {entries, attempts, next due ms}; the last is > 0 when nothing was claimed but
 * something will become claimable (the batching window ends, a lease expires, a retry is
 * due, the pause ends).
 */
export const CLAIM_SCRIPT = `${NOW}${BULK}${EXPAND}
local now = nowMs()
local paused = redis.call('PTTL', KEYS[12])
if paused > 0 then return {{}, {}, paused} end
expand(tonumber(ARGV[1]))
local function requeue(set)
  local due = redis.call('ZRANGEBYSCORE', set, '-inf', now, 'LIMIT', 0, 1000)
  for _, m in ipairs(due) do
    redis.call('ZREM', set, m)
    local t = redis.call('ZSCORE', KEYS[2], m)
    redis.call('ZREM', KEYS[2], m)
    if t and redis.call('HEXISTS', KEYS[1], m) == 1 then redis.call('ZADD', KEYS[3], t, m) end
  end
end
requeue(KEYS[4])
requeue(KEYS[5])
-- Batching window: a partial batch waits until its oldest entry is max delay old.
local count = redis.call('ZCARD', KEYS[3])
if count > 0 and count < tonumber(ARGV[1]) then
  local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  local wait = tonumber(oldest[2]) + tonumber(ARGV[3]) - now
  if wait > 0 then return {{}, {}, wait} end
end
local scored = redis.call('ZRANGE', KEYS[3], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
local entries, attempts = {}, {}
if #scored > 0 then
  local ids = {}
  for i = 1, #scored, 2 do ids[#ids + 1] = scored[i] end
  bulk('ZREM', KEYS[3], ids)
  local values = redis.call('HMGET', KEYS[1], unpack(ids))
  local leased, held, claimedIds = {}, {}, {}
  local expires = now + tonumber(ARGV[2])
  for i, m in ipairs(ids) do
    if values[i] then
      entries[#entries + 1] = values[i]
      claimedIds[#claimedIds + 1] = m
      leased[#leased + 1] = expires
      leased[#leased + 1] = m
      held[#held + 1] = scored[2 * i]
      held[#held + 1] = m
    end
  end
  if #claimedIds > 0 then
    bulk('ZADD', KEYS[4], leased)
    bulk('ZADD', KEYS[2], held)
    attempts = redis.call('HMGET', KEYS[7], unpack(claimedIds))
    for i = 1, #attempts do attempts[i] = attempts[i] or '0' end
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
export const ACK_SCRIPT = `${BULK}
local ids = {}
for i = 1, #ARGV, 2 do
  local m, k = ARGV[i], ARGV[i + 1]
  ids[#ids + 1] = m
  if k ~= m and redis.call('HGET', KEYS[6], k) == m then redis.call('HDEL', KEYS[6], k) end
end
bulk('ZREM', KEYS[4], ids)
bulk('ZREM', KEYS[3], ids)
bulk('ZREM', KEYS[5], ids)
bulk('ZREM', KEYS[2], ids)
bulk('HDEL', KEYS[7], ids)
return bulk('HDEL', KEYS[1], ids)
`;

/**
 * ARGV: pause ms, then entryIds. Puts claimed entries back to pending unchanged (MySQL was
 * unreachable, the rows were never judged) and pauses all workers for the backoff.
 */
export const RELEASE_SCRIPT = `
if tonumber(ARGV[1]) > 0 then redis.call('SET', KEYS[12], '1', 'PX', ARGV[1]) end
for i = 2, #ARGV do
  local m = ARGV[i]
  if redis.call('ZREM', KEYS[4], m) == 1 then
    local t = redis.call('ZSCORE', KEYS[2], m)
    redis.call('ZREM', KEYS[2], m)
    if t and redis.call('HEXISTS', KEYS[1], m) == 1 then redis.call('ZADD', KEYS[3], t, m) end
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
      if k ~= m and redis.call('HGET', KEYS[6], k) == m then redis.call('HDEL', KEYS[6], k) end
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
 * ARGV: entryIds. Moves dead letters back into the flow as fresh pending entries with their
 * original version, so a replay can never overwrite a newer value of the record.
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
    redis.call('ZADD', KEYS[3], now, m)
    if entry.k ~= m then
      local current = redis.call('HGET', KEYS[6], entry.k)
      local currentEntry = current and redis.call('HGET', KEYS[1], current)
      if not (currentEntry and cjson.decode(currentEntry).v > entry.v) then redis.call('HSET', KEYS[6], entry.k, m) end
    end
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
