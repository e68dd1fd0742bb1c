-- Applies one Segment event to a customer's facts, exactly once per messageId, in one atomic step.
-- KEYS[1] the facts hash; KEYS[2] where applied messageIds are remembered: a sorted set beside the hash
-- (tailor:c:{id}:applied) or, for a back-fill pass, one of its own; KEYS[3] the customer id's identity link
-- (tailor:id:{id}); KEYS[4] the erased identifiers of the customer's slot (tailor:erased:{<slot tag>}, the tag landing
-- on the customer's slot). All four are in the customer's Redis Cluster slot.
-- An erased id's events received before its erasure are skipped, so that replaying the log does not bring it back.
-- An id merged into another customer is not written: the script answers that customer's id, and the caller applies
-- the event to that customer's keys (where this script may answer "moved" again).
-- ARGV[1] messageId digest, [2] now (s), [3] dedup window (s), [4] event time (ms),
--     [5] event stats field ('' when the event is not tracked or keeps time buckets), [6] number of series fields N
--     (0 when the event keeps no time buckets), [7] digest of the customer id (as kept among the erased
--     identifiers), [8] when the event was received (ms), then if N > 0: first hour kept as hours, first day kept
--     as days, number of sums K, K sum property codes, K sums, the event's own series field, and N - 1 times a
--     grouping property's series field and the event's (normalised) value of it;
--     then trait name / JSON value pairs.
-- ApplyEventCall (FactsStore's) names each of them.
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
-- The applied messageIds: the sorted set KEYS[2] holds each one's digest (6 bytes; ARGV[1] is their 12 hex digits)
-- scored by when it was applied (s). A messageId counts as applied while its score is within the dedup window;
-- each applied event removes at most TRIM entries that have left the window, oldest first, and the set expires a
-- window after the customer's last event. So an event costs O(log n) whatever the customer's history, where a
-- field of the facts hash holding them all was read and rewritten whole on every event.
-- Traits also set 'tu', the time of the latest event that carried traits (epoch ms, base 36): on an identity merge,
-- the traits of the profile updated last win.
-- Returns 1 when applied, 0 when this messageId was applied before, -1 when the customer was erased after it, and
-- the id of the customer it was merged into (a string) when the id was, writing nothing.
--
-- Every argument is checked before anything is read or written, and a call that fails a check is refused with an
-- error reply naming the argument ("ERR apply-event: ...", see script-prelude.lua), ApplyEventCall checking the
-- same first:
--   keys: exactly 4; arguments: at least 8, and as many as N, K and the trait pairs make up;
--   ARGV[1] 12 hex digits; ARGV[2] now, a whole number of seconds from 0 to 253402300799 (9999-12-31T23:59:59Z);
--   ARGV[3] the window, whole seconds from 1 to 31622400 (366 days); ARGV[4] and ARGV[8], whole milliseconds from 0
--   to 253402300799999; ARGV[5] '' or a field starting with 'e'; N and K whole numbers no larger
--   than the argument count; the first kept hour and day whole numbers within +-2^63; sum codes non-empty without
--   ',' or ';'; sums finite and within +-1e15 (so that a bucket's sum stays finite and its decimal form readable);
--   series fields starting with 's', each named once; grouping values non-empty without capitals (A-Z mark
--   buckets).
-- Encoders refuse what they cannot write (base36 and compact: whole numbers from 0 to 2^53, else a Lua error); a
-- stored field that cannot be read (a corrupt value, a wrong-type key) is answered with an error reply before
-- anything is written: the script computes every new value first and writes them all at the end.
local MAX_WHOLE = 9007199254740992 -- 2^53: the whole numbers a Lua number holds exactly
local MAX_SECONDS = 253402300799
local MAX_WINDOW_S = 31622400
local MAX_SUM = 1e15
local MAX_BOUND = 9223372036854775807
-- Expired messageIds removed per applied event: more than the one each adds, so the set drains to the window.
local TRIM = 4

if #KEYS ~= 4 then
  return refuse('expects 4 keys')
end
if #ARGV < 8 then
  return refuse('expects at least 8 arguments')
end
local message_id = ARGV[1]
if #message_id ~= 12 or not string.match(message_id, '^%x+$') then
  return refuse('ARGV[1] (messageId digest) must be 12 hex digits')
end
local now = whole(ARGV[2], 0, MAX_SECONDS)
if not now then
  return refuse('ARGV[2] (now) must be whole seconds from 0 to ' .. string.format('%d', MAX_SECONDS))
end
local dedup_s = whole(ARGV[3], 1, MAX_WINDOW_S)
if not dedup_s then
  return refuse('ARGV[3] (dedup window) must be whole seconds from 1 to ' .. string.format('%d', MAX_WINDOW_S))
end
local event_time = whole(ARGV[4], 0, MAX_EPOCH_MS)
if not event_time then
  return refuse('ARGV[4] (event time) must be whole milliseconds from 0 to ' .. string.format('%d', MAX_EPOCH_MS))
end
local stats_field = ARGV[5]
if stats_field ~= '' and (#stats_field < 2 or string.sub(stats_field, 1, 1) ~= 'e') then
  return refuse("ARGV[5] (stats field) must be '' or start with 'e'")
end
local series_count = whole(ARGV[6], 0, #ARGV)
if not series_count then
  return refuse('ARGV[6] (series fields) must be a whole number from 0 to the argument count')
end
local received = whole(ARGV[8], 0, MAX_EPOCH_MS)
if not received then
  return refuse('ARGV[8] (received) must be whole milliseconds from 0 to ' .. string.format('%d', MAX_EPOCH_MS))
end

local series_at, traits_at = 9, 9
local first_hour, first_day, sum_count, names, sums, position = 0, 0, 0, {}, {}, {}
if series_count > 0 then
  if #ARGV < 11 then
    return refuse('a call with series fields expects at least 11 arguments')
  end
  first_hour, first_day = whole(ARGV[9], -MAX_BOUND, MAX_BOUND), whole(ARGV[10], -MAX_BOUND, MAX_BOUND)
  if not first_hour or not first_day then
    return refuse('ARGV[9] and ARGV[10] (first kept hour and day) must be whole numbers within +-2^63')
  end
  sum_count = whole(ARGV[11], 0, #ARGV)
  if not sum_count then
    return refuse('ARGV[11] (sums) must be a whole number from 0 to the argument count')
  end
  series_at = 12 + 2 * sum_count
  traits_at = series_at + 2 * series_count - 1
  if traits_at - 1 > #ARGV then
    return refuse('fewer arguments than ' .. sum_count .. ' sums and ' .. series_count .. ' series fields need')
  end
  for j = 1, sum_count do
    names[j] = ARGV[11 + j]
    if not string.match(names[j], '^[^,;]+$') or position[names[j]] then
      return refuse('ARGV[' .. (11 + j) .. '] (sum code) must be non-empty, without , or ;, and named once')
    end
    position[names[j]] = j
    sums[j] = finite(ARGV[11 + sum_count + j], MAX_SUM)
    if not sums[j] then
      return refuse('ARGV[' .. (11 + sum_count + j) .. '] (sum) must be a finite number within +-' .. MAX_SUM)
    end
  end
  local fields = {}
  for i = series_at, traits_at - 1 do
    -- The event's own series field, then grouping fields, each followed by its value.
    local is_value = i > series_at and (i - series_at) % 2 == 0
    local text = ARGV[i]
    if is_value and (text == '' or string.find(text, '[A-Z]')) then
      return refuse('ARGV[' .. i .. '] (grouping value) must be non-empty, without capitals')
    end
    if not is_value then
      if #text < 2 or string.sub(text, 1, 1) ~= 's' or fields[text] then
        return refuse('ARGV[' .. i .. "] (series field) must start with 's' and be named once")
      end
      fields[text] = true
    end
  end
end
if (#ARGV - traits_at + 1) % 2 ~= 0 then
  return refuse('trait names and values must come in pairs')
end

local facts, applied = KEYS[1], KEYS[2]
local erased_at = redis.call('HGET', KEYS[4], ARGV[7])
if erased_at then
  local at = tonumber(erased_at)
  if not at then
    return refuse('the erasure record of this customer is unreadable')
  end
  if at >= received then
    return -1
  end
end
-- The messageId is looked up before the link: a customer being merged is linked to its survivor (frozen) before its
-- facts and applied messageIds are copied there, and an event it had applied, redelivered in between, must count as
-- applied rather than move to a survivor that does not know it yet.
local digest = (string.gsub(message_id, '%x%x', function(hex)
  return string.char(tonumber(hex, 16))
end))
local applied_at = redis.call('ZSCORE', applied, digest)
if applied_at and tonumber(applied_at) > now - dedup_s then
  return 0
end
local linked_to = redis.call('GET', KEYS[3])
if linked_to then
  if linked_to == '' then
    return refuse('the identity link of this customer is empty')
  end
  return linked_to
end

local DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'
-- The digits before the last of a number in a series, base 23: capitals but the markers D and H and the value
-- separator V.
local LEADING = 'ABCEFGIJKLMNOPQRSTUWXYZ'
local LEADING_VALUE = {}
for i = 1, #LEADING do
  LEADING_VALUE[string.byte(LEADING, i)] = i - 1
end

local function check_whole(x)
  if not (x >= 0 and x <= MAX_WHOLE and x == math.floor(x)) then
    error('not a whole number from 0 to 2^53: ' .. tostring(x))
  end
end

-- A whole number from 0 to 2^53 in base 36 (Lua reads it back with tonumber(text, 36)).
local function base36(x)
  check_whole(x)
  local text = ''
  repeat
    local digit = x % 36
    text = string.sub(DIGITS, digit + 1, digit + 1) .. text
    x = (x - digit) / 36
  until x == 0
  return text
end

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

local function whole(x)
  return x == math.floor(x) and x > -MAX_WHOLE and x < MAX_WHOLE
end

-- A sum in decimal: whole ones exactly while a double holds them, others in 15 significant digits; one that those
-- digits make whole is written whole, so that reading and writing a sum again gives the same text (Java's
-- Series.number writes the same).
local function number(x)
  if not whole(x) then
    x = tonumber(string.format('%.15g', x))
  end
  if whole(x) then
    return string.format('%d', x)
  end
  return string.format('%.15g', x)
end

local function add(buckets, kind, index, count, bucket_sums)
  local key = kind .. index
  local bucket = buckets[key]
  if not bucket then
    bucket = { kind = kind, index = index, count = 0, sums = {} }
    buckets[key] = bucket
  end
  bucket.count = bucket.count + count
  for i, s in ipairs(bucket_sums) do
    bucket.sums[i] = (bucket.sums[i] or 0) + s
  end
end

-- A whole number from 0 to 2^53 as series write it: the last digit base 36, the ones before it base 23 capitals.
local function compact(x)
  check_whole(x)
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
        stored_sums[stored_position[i]] = finite(part, 1e300) or error('unreadable sum ' .. part)
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

-- The new values of every field this event changes, worked out before any is written: [field] = value, or false
-- for a field to delete.
local function changes()
  local changed = {}
  local version = redis.call('HGET', facts, 'v')
  if version and (#version > 18 or not string.match(version, '^%d+$')) then
    error('version is not a whole number')
  end

  if stats_field ~= '' then
    changed[stats_field] = counted(redis.call('HGET', facts, stats_field))
  end

  -- The event's own series, which also holds its stats (an event with time buckets has no stats field of its
  -- own): "<stats>;", then "<sum codes>;" if any sum is kept, then its buckets (none once all have aged out).
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
    changed[field] = counted(stats) .. ';' .. prefix .. text
  end

  -- The series per value of a grouping property, all in one field: "<sum codes>;" (possibly empty), then per
  -- value the value and its buckets, "V" between values, e.g. "Nx;shoesBBWq/120,HBCZG4/35VbagsHBCZG4:2". A value
  -- is normalised (lower case), so it holds no capital letter: its series starts at its first "D" or "H", and "V"
  -- never occurs inside a value or a series. Only the event's value's series is rewritten; another value's is
  -- re-encoded only when the stored sums no longer sit where this call puts them.
  for i = series_at + 1, traits_at - 2, 2 do
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
      changed[field] = table.concat(names, ',', 1, sums_named) .. ';' .. table.concat(entries, 'V')
    else
      changed[field] = false
    end
  end

  if traits_at <= #ARGV then
    local updated = tonumber(redis.call('HGET', facts, 'tu') or '0', 36)
    if event_time > updated then
      changed['tu'] = base36(event_time)
    end
  end
  return changed
end

local ok, changed = pcall(changes)
if not ok then
  local reason = type(changed) == 'table' and (changed.err or changed.message) or changed
  return refuse('the stored facts cannot be read (' .. tostring(reason) .. ')')
end

redis.call('ZADD', applied, now, digest)
local expired = redis.call('ZRANGEBYSCORE', applied, '-inf', now - dedup_s, 'LIMIT', 0, TRIM)
if #expired > 0 then
  redis.call('ZREM', applied, unpack(expired))
end
redis.call('EXPIRE', applied, dedup_s)
-- The facts' version: lets a decision written later tell whether it was made from the latest facts.
redis.call('HINCRBY', facts, 'v', 1)
for field, value in pairs(changed) do
  if value then
    redis.call('HSET', facts, field, value)
  else
    redis.call('HDEL', facts, field)
  end
end
for i = traits_at, #ARGV, 2 do
  redis.call('HSET', facts, 't:' .. ARGV[i], ARGV[i + 1])
end
return 1
