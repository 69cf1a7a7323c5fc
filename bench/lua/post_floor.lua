-- The floor's posts: the same form as post_comment.lua, to a view that only stores it.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local counter = 0

function request()
  counter = counter + 1
  local body = "body=Benchmark+comment+" .. counter ..
    "&author_name=Bench+Reader&author_email=regular%40example.com" ..
    "&author_website=&parent_id=&form_token=unused"
  return wrk.format("POST", "/post",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
