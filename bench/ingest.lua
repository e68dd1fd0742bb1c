-- wrk script for bench/ingest.sh: every request is a Segment batch of CALLS calls (track, page and identify mixed
-- as a shop's site sends them) over CUSTOMERS customers, each call with a messageId of its own.
-- Settings come from the environment: BENCH_CALLS (500), BENCH_CUSTOMERS (10000), BENCH_RUN (a nonce that keeps
-- messageIds unique across runs), BENCH_AUTH (the Authorization header: the API key as Basic user name).
local calls = tonumber(os.getenv("BENCH_CALLS") or "500")
local customers = tonumber(os.getenv("BENCH_CUSTOMERS") or "10000")
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local auth = os.getenv("BENCH_AUTH") -- "Basic <base64 of key:>"

local categories = { "shoes", "bags", "coats", "hats", "shirts", "dresses", "socks", "belts" }
local pages = { "/", "/sale", "/shoes", "/bags", "/cart", "/account" }
local threads = {}
-- Per thread (each wrk thread has a Lua state of its own): its number, set by setup, and its calls so far.
counter = 0

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + thread_id * 7919)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = auth
end

local function call(i)
  counter = counter + 1
  local customer = "bench-" .. math.random(customers)
  local id = run .. "-" .. thread_id .. "-" .. counter
  local now = os.date("!%Y-%m-%dT%H:%M:%S.000Z")
  local kind = math.random(10)
  if kind <= 4 then
    return string.format('{"type":"track","userId":"%s","messageId":"%s","timestamp":"%s","event":"Product Viewed",'
      .. '"properties":{"category":"%s","price":%d.99,"sku":"SKU-%d"}}', customer, id, now,
      categories[math.random(#categories)], math.random(200), math.random(5000))
  elseif kind <= 5 then
    return string.format('{"type":"track","userId":"%s","messageId":"%s","timestamp":"%s","event":"Product Added",'
      .. '"properties":{"category":"%s","quantity":1}}', customer, id, now, categories[math.random(#categories)])
  elseif kind <= 6 then
    return string.format('{"type":"track","userId":"%s","messageId":"%s","timestamp":"%s","event":"Order Completed",'
      .. '"properties":{"category":"%s","revenue":%d.50,"currency":"EUR"}}', customer, id, now,
      categories[math.random(#categories)], math.random(400))
  elseif kind <= 9 then
    return string.format('{"type":"page","userId":"%s","messageId":"%s","timestamp":"%s","name":"Shop",'
      .. '"properties":{"path":"%s","title":"Shop"}}', customer, id, now, pages[math.random(#pages)])
  end
  return string.format('{"type":"identify","userId":"%s","messageId":"%s","timestamp":"%s",'
    .. '"traits":{"email":"%s@example.com","first_name":"Ada","plan":"gold","country":"FR"}}',
    customer, id, now, customer)
end

function request()
  local batch = {}
  for i = 1, calls do
    batch[i] = call(i)
  end
  return wrk.format(nil, "/v1/batch", nil, '{"batch":[' .. table.concat(batch, ",") .. ']}')
end

function done(summary, latency, requests)
  io.write(string.format("WRK requests=%d non2xx=%d socket_errors=%d duration_us=%d p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
