-- wrk script for bench/serve_bench.py: POSTs one parcel per request, taking the bodies (one JSON per line,
-- file $BODIES) in turn; prints one RESULT line (requests, errors, microseconds, p50 ms, p99 ms).
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
local sent = 0
local counter = 0

setup = function(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end

request = function()
  sent = sent + 1
  local body = bodies[((sent + (offset or 0)) % #bodies) + 1]
  return wrk.format("POST", "/processes/screen/execution", { ["Content-Type"] = "application/json" }, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %.3f %.3f\n", summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
                         summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
