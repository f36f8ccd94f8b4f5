-- wrk script of the ingest scenario: posts pre-signed WeCom callbacks, each query string (signature,
-- timestamp, nonce) once, all with the same encrypted body (the signature covers the nonce, so each
-- request is a distinct callback to the gateway's replay guard).
-- args: 1 the file of query strings (one a line), 2 the file with the body, 3 the pause in ms between
-- a connection's answer and its next request (0: as fast as answered), 4 the number of threads (wrk -t).
-- Every thread takes every threads-th line from its own offset: no line is sent twice.
local counter = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

function init(args)
  queries = {}
  local n, k = 0, 0
  local mine = offset
  local stride = tonumber(args[4] or "1")
  for line in io.lines(args[1]) do
    if k % stride == mine then
      n = n + 1
      queries[n] = line
    end
    k = k + 1
  end
  count = n
  next_query = 0
  local f = assert(io.open(args[2], "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "text/xml"
  pause = tonumber(args[3] or "0")
  math.randomseed(os.time() + offset)
  exhausted = 0
end

function request()
  next_query = next_query + 1
  if next_query > count then
    -- out of fresh callbacks: a replay, which the gateway refuses (counted as an error by the report)
    next_query = 1
    exhausted = exhausted + 1
  end
  return wrk.format(nil, "/wecom/callback?" .. queries[next_query])
end

-- A pause drawn around its mean (half to one and a half times it): with one fixed pause every
-- connection would fire in step with the others, and the gateway would see waves instead of a rate.
function delay()
  if pause <= 0 then
    return 0
  end
  return math.random(math.floor(pause / 2), math.floor(pause * 3 / 2))
end

function done(summary, latency, requests)
  local ps = {}
  for _, p in ipairs({50, 90, 99, 99.9}) do
    table.insert(ps, string.format('"%s":%d', tostring(p), latency:percentile(p)))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationMicros":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,' ..
    '"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"latencyMeanMicros":%.1f,"latencyMaxMicros":%d,' ..
    '"latencyPercentilesMicros":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.max, table.concat(ps, ",")))
end
