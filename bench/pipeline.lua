-- pipeline.lua - wrk script: every write carries DEPTH requests back to back.
--
-- The requests are GETs of the path in the URL wrk was given, so the same
-- script pipelines "/" or "/1k.bin".
--
-- wrk parses the string request() returns, learns how many requests it
-- holds, and counts each response separately, so "requests" in wrk's
-- summary are individual responses, not batches.
--
--   wrk -t1 -c64 -d10s -s pipeline.lua http://127.0.0.1:PORT/PATH -- 16

local batch

init = function(args)
   local depth = tonumber(args[1]) or 16
   local parts = {}
   for i = 1, depth do
      -- No path given: wrk.format() uses wrk.path, taken from the URL.
      parts[i] = wrk.format("GET")
   end
   batch = table.concat(parts)
end

request = function()
   return batch
end
