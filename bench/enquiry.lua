-- wrk script: POST the example enquiry, each request with a unique company (see bench/payload.py).
-- Arguments: <template file> <requests per thread> <phase tag (4 chars)>
-- Each thread stops after its quota of responses; done() prints one JSON line prefixed with BENCH_JSON.

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(args[1], "r"))
  template = f:read("*a")
  f:close()
  quota = tonumber(args[2])
  tag = args[3]
  sent = 0
  responses = 0
  non202 = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  sent = sent + 1
  local token = string.format("%s%02d%06d", tag, tid, sent)
  local body = template:gsub("__U__", token):gsub("__u__", token:lower())
  return wrk.format(nil, "/api/v1/enquiries", nil, body)
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 202 then
    non202 = non202 + 1
  end
  if responses >= quota then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non202") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"non_202":%d,"errors_connect":%d,"errors_read":%d,' ..
    '"errors_write":%d,"errors_timeout":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, bad, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
