-- Write stage: the judgement colours of table cells (class "gunstig",
-- "ongunstig" or "neutraal" on a cell) in each output format. HTML keeps the
-- classes (voortgang.css colours them); typst gets a cell fill; DOCX gets a
-- character style of the same name (capitalised), which the reference document
-- defines and analysis.pipeline.render.docx_reference turns into cell shading.
-- The colours come from the metadata field "house-colours" (house_style.yaml).
-- Typst only: columns without an alignment become left-aligned; otherwise
-- the cells inherit the centring of the figure that pandoc wraps tables in.

local colours = {}

local function read_colours(meta)
  local map = meta["house-colours"]
  if map then
    for name, value in pairs(map) do
      colours[name] = pandoc.utils.stringify(value)
    end
  end
end

local function judgement_of(cell)
  for _, class in ipairs(cell.attr.classes) do
    if colours[class] then return class end
  end
  return nil
end

local function style_name(class)
  return class:sub(1, 1):upper() .. class:sub(2)
end

local function mark_cell(cell)
  local class = judgement_of(cell)
  if not class then return end
  if FORMAT == "typst" then
    cell.attr.attributes["typst:fill"] = 'rgb("' .. colours[class] .. '")'
  elseif FORMAT == "docx" then
    cell.contents = cell.contents:walk {
      Plain = function(b)
        return pandoc.Plain { pandoc.Span(b.content, { ["custom-style"] = style_name(class) }) }
      end,
      Para = function(b)
        return pandoc.Para { pandoc.Span(b.content, { ["custom-style"] = style_name(class) }) }
      end,
    }
  end
end

local function mark_rows(rows)
  for _, row in ipairs(rows) do
    for _, cell in ipairs(row.cells) do mark_cell(cell) end
  end
end

local function Table(tbl)
  if FORMAT == "typst" then
    for i, spec in ipairs(tbl.colspecs) do
      if spec[1] == pandoc.AlignDefault then
        tbl.colspecs[i] = { pandoc.AlignLeft, spec[2] }
      end
    end
  end
  mark_rows(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do
    mark_rows(body.head)
    mark_rows(body.body)
  end
  mark_rows(tbl.foot.rows)
  return tbl
end

return {
  { Meta = function(meta) read_colours(meta) end },
  { Table = Table },
}
