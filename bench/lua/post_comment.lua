-- Each thread is one reader with one connection: it opens the article page once to get
-- the signed form token, then posts comments, each with a unique marker in its body.
-- Every acknowledged post (303) is written to a file, so the benchmark can check that
-- each one is stored exactly once.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local slug = os.getenv("BENCH_POST_SLUG")
local run = os.getenv("BENCH_RUN_ID")
local email = os.getenv("BENCH_POST_EMAIL")
local next_thread = 1

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

local token = nil
local counter = 0
local marker = nil
local acked = nil

function init(args)
  acked = io.open(os.getenv("BENCH_ACK_DIR") .. "/" .. thread_number .. ".txt", "w")
end

function request()
  if token == nil then
    return wrk.format("GET", "/" .. slug .. "/")
  end
  counter = counter + 1
  marker = run .. "-" .. thread_number .. "-" .. counter
  local body = "body=Benchmark+comment+" .. marker ..
    "&author_name=Bench+Reader&author_email=" .. email ..
    "&author_website=&parent_id=&form_token=" .. token
  return wrk.format("POST", "/" .. slug .. "/comments",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

function response(status, headers, body)
  if token == nil then
    token = string.match(body, 'name="form_token" type="hidden" value="([^"]+)"')
    return
  end
  if status == 303 then
    acked:write(marker, "\n")
    acked:flush()
  end
end
