/** Columns and rows for `count` 16:9 tiles in a box, choosing the split that shows each video largest. */
export function bestGrid(count: number, width: number, height: number, gap = 12): { columns: number; rows: number } {
  if (count <= 1 || width <= 0 || height <= 0) return { columns: 1, rows: 1 };
  let best = { columns: 1, rows: count, size: 0 };
  for (let columns = 1; columns <= count; columns += 1) {
    const rows = Math.ceil(count / columns);
    const cellWidth = (width - gap * (columns - 1)) / columns;
    const cellHeight = (height - gap * (rows - 1)) / rows;
    // The video keeps 16:9 inside its cell, so its width is capped by the cell's height too.
    const videoWidth = Math.min(cellWidth, (cellHeight * 16) / 9);
    if (videoWidth > best.size) best = { columns, rows, size: videoWidth };
  }
  return { columns: best.columns, rows: best.rows };
}
