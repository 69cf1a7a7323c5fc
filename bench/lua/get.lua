-- A plain GET of the URL given on the command line (headers come from -H).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
