-- wrk script for bench/one_tap_load.py (--client wrk): each request uses the next prepared item, once.
--
--   wrk -t T -c C -d 600s --timeout 60s -s bench/one_tap_wrk.lua URL -- MODE ITEMS OUT RATE START T C/T
--
-- MODE: "healthz" (GET /healthz), "open" (GET /k/<token>: the page, its CSRF cookie and form token) or
-- "confirm" (POST /k/<token> with that cookie and token, as the page's button does). ITEMS: a file with one
-- item a line (a token, or "token<TAB>cookie<TAB>form token"); thread i of T takes lines i, i+T, i+2T, …
-- RATE: 0 for closed loop (every connection sends its next request as soon as the previous one returned),
-- else requests per second for all threads together, sent on schedule from START (CLOCK_MONOTONIC seconds,
-- the clock of Python's time.monotonic()) whatever the earlier requests are doing (open loop, as long as a
-- connection is free).
--
-- For "open" and "confirm" each connection first sends one untimed GET /healthz, so that it is an open
-- keep-alive connection before the phase starts: a connection that is open but silent (waiting for its
-- scheduled time, or with nothing left to send at the end) then waits in gunicorn's poller instead of
-- holding a worker thread. Latency is measured here per item, from sending to its response (matched by
-- the token in the page's form action), so the warm-up requests are not in the figures.
-- When a thread has had a response to each of its items it writes OUT.<i> (counts, first send and last
-- response on the monotonic clock, the latencies; for "open" also the items for "confirm") and stops;
-- the driver then ends wrk.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } nabij_timespec;
int clock_gettime(int clock, nabij_timespec *ts);
]])
local CLOCK_MONOTONIC = 1
local ts = ffi.new("nabij_timespec")
local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

-- Setup (main Lua state): number the threads.
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local mode, out, rate, start, threads, warm
local requests, tokens = {}, {}
local index_of = {}
local delays, warmups, reserved, sent, received, ok = 0, 0, 0, 0, 0, 0
local first_sent, last_received = nil, nil
local sent_at, latencies, opened = {}, {}, {}
local healthz

function init(args)
  mode, out, rate, start, threads = args[1], args[3], tonumber(args[4]), tonumber(args[5]), tonumber(args[6])
  warm = mode == "healthz" and 0 or tonumber(args[7])
  healthz = wrk.format("GET", "/healthz")
  local index = 0
  for line in io.lines(args[2]) do
    if index % threads == id then
      local token = line:match("^([^\t]+)")
      if mode == "healthz" then
        requests[#requests + 1] = healthz
      elseif mode == "open" then
        requests[#requests + 1] = wrk.format("GET", "/k/" .. token)
      else
        local cookie, form = line:match("^[^\t]+\t([^\t]+)\t([^\t]+)$")
        requests[#requests + 1] = wrk.format("POST", "/k/" .. token, {
          ["Cookie"] = "csrftoken=" .. cookie,
          ["Origin"] = "null",
          ["Content-Type"] = "application/x-www-form-urlencoded",
        }, "csrfmiddlewaretoken=" .. form)
      end
      tokens[#tokens + 1] = token
    end
    index = index + 1
  end
end

-- Called before every real request (wrk calls request() once more, untimed, to check the script).
function delay()
  if delays < warm then
    delays = delays + 1
    return 0 -- the connection's warm-up request
  end
  if reserved >= #requests then
    return 3600 * 1000 -- nothing left for this connection: it idles (keep-alive) until the thread stops
  end
  local slot = reserved
  reserved = reserved + 1
  local due = start
  if rate > 0 then
    due = start + (slot * threads + id) / rate
  end
  return math.max(0, math.floor((due - now()) * 1000 + 0.5))
end

function request()
  if warmups < delays then
    warmups = warmups + 1
    return healthz
  end
  if sent >= reserved then
    return healthz -- wrk's check of the script, never sent
  end
  sent = sent + 1
  local t = now()
  if first_sent == nil then
    first_sent = t
  end
  sent_at[tokens[sent]] = t
  return requests[sent]
end

-- A failed item on stderr (the driver's output), with the start of what came back instead.
local function failed(status, body)
  io.stderr:write(string.format("wrk: %s item failed: status %d, %s\n", mode, status, body:sub(1, 160):gsub("%s+", " ")))
end

function response(status, headers, body)
  local t = now()
  local token
  if mode == "healthz" then
    token = true
    if status == 200 then ok = ok + 1 end
  else
    token = body:match('action="/k/([^"/]+)')
    if token == nil or sent_at[token] == nil then
      if status == 200 and body:find('"ok"', 1, true) ~= nil then
        return -- a connection's warm-up request
      end
      -- Neither a page for one of our items nor a healthy warm-up (e.g. the proxy's 502): an item failed.
      -- Counted as received (so that the thread still ends), not as ok, and shown.
      failed(status, body)
    else
      latencies[#latencies + 1] = t - sent_at[token]
      sent_at[token] = nil
      if mode == "open" then
        local form = body:match('name="csrfmiddlewaretoken" value="([^"]+)"')
        local cookie = (headers["Set-Cookie"] or ""):match("csrftoken=([^;]+)")
        if status == 200 and form and cookie then
          ok = ok + 1
          opened[#opened + 1] = token .. "\t" .. cookie .. "\t" .. form
        else
          failed(status, body)
        end
      elseif status == 200 and body:find("Gelukt", 1, true) then
        ok = ok + 1
      else
        failed(status, body)
      end
    end
  end
  received = received + 1
  last_received = t
  if received == #requests then
    local file = io.open(out .. "." .. id .. ".part", "w")
    file:write(string.format("%d %d %.6f %.6f\n", received, ok, first_sent, last_received))
    local parts = {}
    for i, latency in ipairs(latencies) do
      parts[i] = string.format("%.6f", latency)
    end
    file:write(table.concat(parts, " "), "\n")
    for _, line in ipairs(opened) do
      file:write(line, "\n")
    end
    file:close()
    os.rename(out .. "." .. id .. ".part", out .. "." .. id)
    wrk.thread:stop()
  end
end

function done(summary, latency, requests_per_thread)
  local e = summary.errors
  io.write(string.format(
    'WRKRESULT {"requests": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, e.connect, e.read, e.write, e.status, e.timeout
  ))
end
