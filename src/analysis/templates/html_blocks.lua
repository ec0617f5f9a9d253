-- Read stage (notebook chapters): turn each text/html notebook output into
-- pandoc blocks, so a pandas table becomes a real Table in every format (raw
-- HTML would be dropped by the DOCX and typst writers). The nbconvert template
-- puts each output in a div with class "voortgang-html".
-- Columns whose body cells are all numbers (Dutch notation kept as strings,
-- e.g. "4.194", "12,5%", "+3") are right-aligned, as in CBS tables.

local NUMERIC_SYMBOLS = { ["."] = true, ["x"] = true, ["-"] = true }

local function is_number(text)
  -- Lua patterns are byte-based: drop the multi-byte spaces/minus first.
  local s = text:gsub("\u{00A0}", ""):gsub("\u{202F}", ""):gsub("\u{2212}", "-")
  s = s:gsub("%s", "")
  return s:match("^[%+%-]?[%d%.,]*%d[%d%.,]*%%?$") ~= nil
end

local function has_spans(rows)
  for _, row in ipairs(rows) do
    for _, cell in ipairs(row.cells) do
      if cell.row_span > 1 or cell.col_span > 1 then return true end
    end
  end
  return false
end

local function align_numeric_columns(tbl)
  for _, body in ipairs(tbl.bodies) do
    if has_spans(body.body) then return nil end
  end
  for col = 1, #tbl.colspecs do
    local numbers, others = 0, 0
    for _, body in ipairs(tbl.bodies) do
      for _, row in ipairs(body.body) do
        local cell = row.cells[col]
        if cell then
          local text = pandoc.utils.stringify(cell.contents)
          if is_number(text) then
            numbers = numbers + 1
          elseif text ~= "" and not NUMERIC_SYMBOLS[text] then
            others = others + 1
          end
        end
      end
    end
    if numbers > 0 and others == 0 then
      tbl.colspecs[col] = { pandoc.AlignRight, tbl.colspecs[col][2] }
    end
  end
  return tbl
end

function Div(div)
  if not div.classes:includes("voortgang-html") then return nil end
  local out = pandoc.Blocks {}
  for _, block in ipairs(div.content) do
    if block.t == "RawBlock" and block.format == "html" then
      local parsed = pandoc.read(block.text, "html").blocks
      out:extend(parsed:walk { Table = align_numeric_columns })
    else
      out:insert(block)
    end
  end
  return out
end
