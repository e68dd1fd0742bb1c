-- wrk script for bench/render.sh: GET BENCH_PATH<customer id> for a random seeded customer (bench-0 ..
-- bench-<BENCH_CUSTOMERS - 1>) with the API key BENCH_API_KEY, and the figures as JSON in BENCH_OUT at the end.
-- BENCH_RATE (requests a second for the whole run, 0 = as fast as the connections go) paces requests on a schedule:
-- wrk has no rate option and Debian packages no wrk2. Each thread hands out send times RATE/threads apart; a
-- connection free before its time waits for it, one free late sends at once, so a slow answer does not lower the
-- offered rate. Latency is measured from the actual send, as wrk does.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]

local path = os.getenv("BENCH_PATH")
local customers = tonumber(os.getenv("BENCH_CUSTOMERS"))
local key = os.getenv("BENCH_API_KEY")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local out = os.getenv("BENCH_OUT")
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local function now_ms()
  local tv = ffi.new("bench_timeval")
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local interval_ms, next_send

function init(args)
  math.randomseed(os.time() + thread_id * 7919)
  wrk.headers["X-Api-Key"] = key
  if rate > 0 then
    interval_ms = 1000 * thread_count / rate
    next_send = now_ms()
  end
end

function request()
  return wrk.format("GET", path .. "bench-" .. math.random(0, customers - 1))
end

if rate > 0 then
  function delay()
    local now = now_ms()
    -- A thread that fell behind catches up at most 64 send times, so a pause does not turn into a long burst.
    next_send = math.max(next_send + interval_ms, now - interval_ms * 64)
    return math.max(0, math.floor(next_send - now))
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local file = assert(io.open(out, "w"))
  file:write(string.format(
    '{"requests":%d,"seconds":%.3f,"requestsPerSecond":%.1f,' ..
    '"latencyMs":{"mean":%.3f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"p999":%.3f,"max":%.3f},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
  file:close()
end
