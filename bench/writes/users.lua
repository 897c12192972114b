-- wrk script: POST /partner/v1/users with a new email each request (KEY and RUN from the
-- environment), counting answers that are not 201.
local key = os.getenv("KEY")
local run = os.getenv("RUN") or "r"
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  failed = 0
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"email":"w-%s-%s-%d@acme.com","sequencer":{"provider":"smartlead","client_id":366903}}',
    run, id, counter)
  return wrk.format("POST", "/partner/v1/users",
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status ~= 201 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local failures = 0
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failed")
  end
  io.write(string.format("not_201=%d\n", failures))
end
