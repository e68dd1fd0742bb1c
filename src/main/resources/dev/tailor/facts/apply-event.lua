-- Applies one Segment event to a customer's facts, exactly once per messageId, in one atomic step.
-- KEYS[1] the facts hash; KEYS[2] where applied messageIds are remembered: the facts hash itself (its field 'a')
-- or, for a back-fill pass, a sorted set of its own (score: when applied). Both carry the customer's hash tag,
-- so Redis Cluster keeps them in one slot.
-- KEYS[3] the customer id's identity link (tailor:id:{id}); KEYS[4] the erased identifiers (tailor:erased).
-- An id merged into another customer is redirected there; an erased id's events received before its erasure are
-- skipped, so that replaying the log does not bring it back. (The link and the erasure keys live outside the
-- customer's slot: identity resolution needs a single Redis, not a cluster.)
-- ARGV[1] messageId digest, [2] now (s), [3] dedup window (s), [4] event time (ms),
--     [5] event stats field ('' when the event is not tracked or keeps time buckets), [6] number of series fields N
--     (0 when the event keeps no time buckets), [7] digest of the customer id (as kept in tailor:erased), [8] when the event was
--     received (ms), then if N > 0: first hour kept as hours, first day kept as days, number of sums K, K sum
--     property codes, K sums, the event's own series field, and N - 1 times a grouping property's series field
--     and the event's (normalised) value of it;
--     then trait name / JSON value pairs.
-- Field names are short codes of the event and property names (see FieldNames), numbers mostly base 36.
-- An event's stats, "count:first:last - first" (times in epoch ms), e.g. "3h:mn3o65c0:32a5o2o", are kept in its
-- stats field (ARGV[5]) when it keeps no time buckets, else at the start of its own series field.
-- Series fields hold day buckets, then hour buckets, each sorted: the first of a kind is "D<epoch day>" or
-- "H<epoch hour>", the next ones the distance from the previous one; ":<count>" follows unless the count is 1, then
-- "/<sum>" per summed property up to the last one that is not 0 (sums in decimal), and "," after the sums if
-- another bucket follows. Numbers but the sums are self-delimiting, so buckets need no separator: the last digit in
-- base 36 (0-9a-z), the ones before it in base 23 as capitals (A-Z but D, H and V). "BBWq:32HBCZG4:2" is 3 events
-- on day 20582 (571 * 36 + 26), 1 on day 20584 and 2 in hour 494500. Hours older than the first kept hour roll up
-- into their day; days older than the first kept day are dropped. A series with sums starts with the codes of
-- their properties, "Xy,Zw;" (up to the last one some bucket has), so that buckets keep their meaning when
-- another rule set declares other sums. The series of every value of a grouping property share one field (see
-- below).
-- Field 'a' holds the messageIds applied within the dedup window, in groups by the hour they were applied, oldest
-- first, in binary: per group the hour (3 bytes, big-endian), how many digests follow (1 byte; an hour with more
-- than 255 starts another group) and the digests (6 bytes each; ARGV[1] is their 12 hex digits). A group goes once
-- its whole hour has left the window, so a messageId is remembered at least that long. A field instead of a sorted
-- set of its own saves the key's ~100 bytes and each entry's score; binary instead of text, 2 bytes a digest.
-- Traits also set 'tu', the time of the latest event that carried traits (epoch ms, base 36): on an identity merge, the traits of the
-- profile updated last win.
-- Returns 1 when applied, 0 when this messageId was applied before, -1 when the customer was erased after it.
local facts, applied = KEYS[1], KEYS[2]
local message_id, now, dedup_s = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])

local erased_at = redis.call('HGET', KEYS[4], ARGV[7])
if erased_at and tonumber(erased_at) >= tonumber(ARGV[8]) then
  return -1
end
local linked_to = redis.call('GET', KEYS[3])
if linked_to then
  local suffix = string.sub(applied, #facts + 1)
  facts = 'tailor:c:{' .. linked_to .. '}'
  applied = facts .. suffix
end

local DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'
-- The digits before the last of a number in a series, base 23: capitals but the markers D and H and the value
-- separator V.
local LEADING = 'ABCEFGIJKLMNOPQRSTUWXYZ'
local LEADING_VALUE = {}
for i = 1, #LEADING do
  LEADING_VALUE[string.byte(LEADING, i)] = i - 1
end

-- A whole number of at least 0 in base 36 (Lua reads it back with tonumber(text, 36)).
local function base36(x)
  local text = ''
  repeat
    local digit = x % 36
    text = string.sub(DIGITS, digit + 1, digit + 1) .. text
    x = (x - digit) / 36
  until x == 0
  return text
end

-- Remembers the messageId in field 'a' of the facts hash; false if it was there.
local function remember_in_hash()
  local digest = (string.gsub(message_id, '%x%x', function(hex)
    return string.char(tonumber(hex, 16))
  end))
  local hour, first_kept = math.floor(now / 3600), math.floor((now - dedup_s) / 3600)
  local stored = redis.call('HGET', facts, 'a') or ''
  local kept, last_hour, last_count = {}, nil, 0
  local at = 1
  while at + 3 <= #stored do
    local high, middle, low, count = string.byte(stored, at, at + 3)
    local group_hour = (high * 256 + middle) * 256 + low
    local group_end = at + 3 + 6 * count
    if group_end > #stored or group_hour > hour + 24 then
      -- Not this form (the text the previous version wrote, whose first characters read as a far future hour):
      -- forgotten; a replay follows the deploy anyway.
      kept, last_hour = {}, nil
      break
    end
    if group_hour >= first_kept then
      for i = at + 4, group_end, 6 do
        if string.sub(stored, i, i + 5) == digest then
          return false
        end
      end
      kept[#kept + 1] = string.sub(stored, at, group_end)
      last_hour, last_count = group_hour, count
    end
    at = group_end + 1
  end
  if last_hour == hour and last_count < 255 then
    local group = kept[#kept]
    kept[#kept] = string.sub(group, 1, 3) .. string.char(last_count + 1) .. string.sub(group, 5) .. digest
  else
    kept[#kept + 1] = string.char(math.floor(hour / 65536) % 256, math.floor(hour / 256) % 256, hour % 256, 1)
        .. digest
  end
  redis.call('HSET', facts, 'a', table.concat(kept))
  return true
end

local function remember_in_set()
  if redis.call('ZSCORE', applied, message_id) then
    return false
  end
  redis.call('ZADD', applied, now, message_id)
  redis.call('ZREMRANGEBYSCORE', applied, '-inf', now - dedup_s)
  redis.call('EXPIRE', applied, dedup_s)
  return true
end

if applied == facts then
  if not remember_in_hash() then
    return 0
  end
elseif not remember_in_set() then
  return 0
end
-- The facts' version: lets a decision written later tell whether it was made from the latest facts.
redis.call('HINCRBY', facts, 'v', 1)

local event_time = tonumber(ARGV[4])
local event_hour = math.floor(event_time / 3600000)
local event_day = math.floor(event_time / 86400000)

-- The event's stats with this event counted ("count:first:last - first"; stats: as stored, or nil).
local function counted(stats)
  local count, first, last = 0, event_time, event_time
  if stats then
    local c, f, d = string.match(stats, '^(%w+):(%w+):(%w+)$')
    local stored_first = tonumber(f, 36)
    count = tonumber(c, 36)
    first = math.min(stored_first, event_time)
    last = math.max(stored_first + tonumber(d, 36), event_time)
  end
  return base36(count + 1) .. ':' .. base36(first) .. ':' .. base36(last - first)
end

local stats_field = ARGV[5]
if stats_field ~= '' then
  redis.call('HSET', facts, stats_field, counted(redis.call('HGET', facts, stats_field)))
end

local function number(x)
  if x == math.floor(x) then
    return string.format('%d', x)
  end
  return string.format('%.15g', x)
end

local function add(buckets, kind, index, count, sums)
  local key = kind .. index
  local bucket = buckets[key]
  if not bucket then
    bucket = { kind = kind, index = index, count = 0, sums = {} }
    buckets[key] = bucket
  end
  bucket.count = bucket.count + count
  for i, s in ipairs(sums) do
    bucket.sums[i] = (bucket.sums[i] or 0) + s
  end
end

-- A whole number of at least 0 as series write it: the last digit base 36, the ones before it base 23 capitals.
local function compact(x)
  local last = x % 36
  local text = string.sub(DIGITS, last + 1, last + 1)
  x = (x - last) / 36
  while x > 0 do
    local digit = x % 23
    text = string.sub(LEADING, digit + 1, digit + 1) .. text
    x = (x - digit) / 23
  end
  return text
end

local function read_compact(text)
  local x = 0
  for i = 1, #text - 1 do
    x = x * 23 + LEADING_VALUE[string.byte(text, i)]
  end
  return x * 36 + tonumber(string.sub(text, -1), 36)
end

local series_at = 9
local series_count = tonumber(ARGV[6])
local first_hour, first_day, sum_count, names, sums, position = 0, 0, 0, {}, {}, {}
if series_count > 0 then
  first_hour, first_day, sum_count = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
  for j = 1, sum_count do
    names[j] = ARGV[11 + j]
    position[names[j]] = j
    sums[j] = tonumber(ARGV[11 + sum_count + j])
  end
  series_at = 12 + 2 * sum_count
end

-- Where each sum of a stored header ("Xy,Zw") goes in this call's sums (nil: no longer declared, dropped), and
-- whether the stored sums already sit where this call puts them (the header names a prefix of its sums).
local function positions(header)
  local stored_position, same, i = {}, true, 0
  for name in string.gmatch(header, '[^,]+') do
    i = i + 1
    stored_position[i] = position[name]
    same = same and position[name] == i
  end
  return stored_position, same, i
end

-- Adds the buckets of a stored series (without its header) to buckets, as of this call: an hour older than the
-- first kept hour moves into its day, a day older than the first kept day goes.
local function read_buckets(buckets, stored, stored_position)
  local kind, index = 'd', 0
  local at = 1
  while at <= #stored do
    local _, number_end, marker, number_text = string.find(stored, '^([DH]?)([A-Z]*[0-9a-z])', at)
    at = number_end + 1
    if marker ~= '' then
      kind, index = string.lower(marker), read_compact(number_text)
    else
      index = index + read_compact(number_text)
    end
    local count = 1
    if string.sub(stored, at, at) == ':' then
      local _, count_end, count_text = string.find(stored, '^([A-Z]*[0-9a-z])', at + 1)
      count, at = read_compact(count_text), count_end + 1
    end
    local stored_sums, i = {}, 0
    while string.sub(stored, at, at) == '/' do
      local _, sum_end, part = string.find(stored, '^([^,/]*)', at + 1)
      at = sum_end + 1
      i = i + 1
      if stored_position[i] then
        stored_sums[stored_position[i]] = tonumber(part)
      end
    end
    if string.sub(stored, at, at) == ',' then
      at = at + 1
    end
    local bucket_sums = {}
    for j = 1, sum_count do
      bucket_sums[j] = stored_sums[j] or 0
    end
    local bucket_kind, bucket_index = kind, index
    if bucket_kind == 'h' and bucket_index < first_hour then
      bucket_kind, bucket_index = 'd', math.floor(bucket_index / 24)
    end
    if bucket_kind == 'h' or bucket_index >= first_day then
      add(buckets, bucket_kind, bucket_index, count, bucket_sums)
    end
  end
end

-- This event's bucket, unless it is older than what the series keeps.
local function add_event(buckets)
  if event_hour >= first_hour then
    add(buckets, 'h', event_hour, 1, sums)
  elseif event_day >= first_day then
    add(buckets, 'd', event_day, 1, sums)
  end
end

-- The stored form of buckets (without a header) and how many sums it names: up to the last one not 0 anywhere.
local function encode(buckets)
  local sorted = {}
  for _, bucket in pairs(buckets) do
    sorted[#sorted + 1] = bucket
  end
  table.sort(sorted, function(a, b)
    if a.kind ~= b.kind then
      return a.kind < b.kind
    end
    return a.index < b.index
  end)
  local encoded, sums_kept = {}, 0
  local previous_kind, previous_index = nil, 0
  for n, bucket in ipairs(sorted) do
    local text
    if bucket.kind ~= previous_kind then
      text = string.upper(bucket.kind) .. compact(bucket.index)
    else
      text = compact(bucket.index - previous_index)
    end
    previous_kind, previous_index = bucket.kind, bucket.index
    if bucket.count ~= 1 then
      text = text .. ':' .. compact(bucket.count)
    end
    local kept = sum_count
    while kept > 0 and (bucket.sums[kept] or 0) == 0 do
      kept = kept - 1
    end
    for j = 1, kept do
      text = text .. '/' .. number(bucket.sums[j] or 0)
    end
    if kept > 0 and n < #sorted then
      text = text .. ','
    end
    sums_kept = math.max(sums_kept, kept)
    encoded[#encoded + 1] = text
  end
  return table.concat(encoded), sums_kept
end

-- The event's own series, which also holds its stats (an event with time buckets has no stats field of its own):
-- "<stats>;", then "<sum codes>;" if any sum is kept, then its buckets (none once all have aged out).
if series_count > 0 then
  local field = ARGV[series_at]
  local stats, stored = string.match(redis.call('HGET', facts, field) or '', '^([^;]*);(.*)$')
  stored = stored or ''
  local stored_position = {}
  local header, body = string.match(stored, '^([^;]*);(.*)$')
  if header then
    stored = body
    stored_position = positions(header)
  end
  local buckets = {}
  read_buckets(buckets, stored, stored_position)
  add_event(buckets)
  local text, sums_kept = encode(buckets)
  -- Only the sums some bucket has: a former name's column that is all 0 is not named at all.
  local prefix = sums_kept > 0 and (table.concat(names, ',', 1, sums_kept) .. ';') or ''
  redis.call('HSET', facts, field, counted(stats) .. ';' .. prefix .. text)
end

-- The series per value of a grouping property, all in one field: "<sum codes>;" (possibly empty), then per value
-- the value and its buckets, "V" between values, e.g. "Nx;shoesBBWq/120,HBCZG4/35VbagsHBCZG4:2". A value is
-- normalised (lower case), so it holds no capital letter: its series starts at its first "D" or "H", and "V"
-- never occurs inside a value or a series. Only the event's value's series is rewritten; another value's is
-- re-encoded only when the stored sums no longer sit where this call puts them.
for i = series_at + 1, series_at + 2 * (series_count - 1), 2 do
  local field, value = ARGV[i], ARGV[i + 1]
  local stored = redis.call('HGET', facts, field) or ';'
  local header, body = string.match(stored, '^([^;]*);(.*)$')
  local stored_position, same, named = positions(header)
  local entries, found, sums_named = {}, false, same and named or 0
  for entry in string.gmatch(body, '[^V]+') do
    local entry_value, series = string.match(entry, '^([^DH]*)(.*)$')
    if entry_value == value or not same then
      local buckets = {}
      read_buckets(buckets, series, stored_position)
      if entry_value == value then
        found = true
        add_event(buckets)
      end
      local sums_kept
      series, sums_kept = encode(buckets)
      sums_named = math.max(sums_named, sums_kept)
    end
    if series ~= '' then
      entries[#entries + 1] = entry_value .. series
    end
  end
  if not found then
    local buckets = {}
    add_event(buckets)
    local series, sums_kept = encode(buckets)
    if series ~= '' then
      entries[#entries + 1] = value .. series
      sums_named = math.max(sums_named, sums_kept)
    end
  end
  if #entries > 0 then
    redis.call('HSET', facts, field, table.concat(names, ',', 1, sums_named) .. ';' .. table.concat(entries, 'V'))
  else
    redis.call('HDEL', facts, field)
  end
end

local arg = series_count > 0 and series_at + 2 * series_count - 1 or 9
if arg < #ARGV then
  local updated = tonumber(redis.call('HGET', facts, 'tu') or '0', 36)
  if event_time > updated then
    redis.call('HSET', facts, 'tu', base36(event_time))
  end
end
for i = arg, #ARGV, 2 do
  redis.call('HSET', facts, 't:' .. ARGV[i], ARGV[i + 1])
end
return 1
