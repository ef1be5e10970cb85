/** A stream the command writes to; a terminal gets a bar redrawn in place. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 30;

/**
 * Progress of a long job on a terminal: `tiers  [#########.....]  61%  61,000 / 100,000`,
 * redrawn at most ten times a second. Elsewhere (a log file, CI) it stays silent.
 */
export function progressBar(output: Output, label: string): { update(done: number, total: number | null): void; end(): void } {
  let drawnAt = 0;
  let drawn = false;
  const draw = (done: number, total: number | null) => {
    const count = total === null ? done.toLocaleString('en') : `${done.toLocaleString('en')} / ${total.toLocaleString('en')}`;
    const share = total ? Math.min(1, done / total) : null;
    const bar = share === null ? '' : `[${'#'.repeat(Math.round(share * WIDTH)).padEnd(WIDTH, '.')}] ${String(Math.floor(share * 100)).padStart(3)}%  `;
    output.write(`\r${label}  ${bar}${count}`);
    drawn = true;
  };
  return {
    update(done, total) {
      if (!output.isTTY) return;
      const now = Date.now();
      if (now - drawnAt < 100 && done !== total) return;
      drawnAt = now;
      draw(done, total);
    },
    end() {
      if (drawn) output.write('\n');
    },
  };
}
