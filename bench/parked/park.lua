-- each request a new unready with a pause mappings.yaml does not have: parked without a call to AristoTelos
local n = 0
function setup(thread) n = n + 1; thread:set("tid", n) end
function init(args)
  counter = 0
  prefix = string.format("p%d-%d-%d-", tid, os.time(), math.random(1000000))
  hdrs = { ["Content-Type"] = "application/json", ["X-Webhook-Secret"] = "change-me" }  -- the demo's secret
end
function request()
  counter = counter + 1
  local body = string.format('{"id":"%s%d","event":"unready","user":"agent%d","pause":"nap","time":"2026-11-24 11:30:02"}',
    prefix, counter, counter % 200)
  return wrk.format("POST", nil, hdrs, body)
end
