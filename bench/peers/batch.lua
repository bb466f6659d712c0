-- wrk script: batches of 100 new Daktela callbacks (a JSON array), ids unique per run, 200 agents (bench/backlog-fill.sh)
local n = 0
function setup(thread) n = n + 1; thread:set("tid", n) end
function init(args)
  counter = 0
  prefix = string.format("f%d-%d-%d-", tid, os.time(), math.random(1000000))
  hdrs = { ["Content-Type"] = "application/json", ["X-Webhook-Secret"] = "perf-callback-secret-1" }
end
function request()
  local items = {}
  for i = 1, 100 do
    counter = counter + 1
    items[i] = string.format('{"id":"%s%d","event":"unready","user":"agent%d","pause":"lunch","time":"2026-11-24 11:30:02"}', prefix, counter, counter % 200)
  end
  return wrk.format("POST", nil, hdrs, "[" .. table.concat(items, ",") .. "]")
end
