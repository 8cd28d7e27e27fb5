import type { MarkerStatus } from './marker-status';

/** The colours of markers and labels, from CSS custom properties: they follow the theme. */
export interface MarkerColours {
  readonly fill: Readonly<Record<MarkerStatus, string>>;
  /** Ring around each marker, so that neighbours stay apart (the plan's paper colour). */
  readonly outline: string;
  /** The light stripes of the stale hatch. */
  readonly hatch: string;
  readonly selected: string;
  readonly text: string;
  readonly textStale: string;
  readonly fontFamily: string;
}

/** Reads the marker colours set by plans.module.css (`.markerLayer`) on `element`. */
export function readMarkerColours(element: Element): MarkerColours {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    fill: {
      ok: read('--marker-ok', '#16a34a'),
      warn: read('--marker-warn', '#e0a100'),
      alarm: read('--marker-alarm', '#c62828'),
      stale: read('--marker-stale', '#9aa1aa'),
      unknown: read('--marker-unknown', '#c2c7ce'),
    },
    outline: read('--marker-outline', '#ffffff'),
    hatch: read('--marker-hatch', '#ffffff'),
    selected: read('--marker-selected', '#2563eb'),
    text: read('--marker-text', '#1a1f26'),
    textStale: read('--marker-text-stale', '#7b8491'),
    fontFamily: style.fontFamily || 'sans-serif',
  };
}

/** Width of a marker's outline and of the selection ring, in CSS pixels. */
const OUTLINE_PX = 1.5;
const SELECTED_PX = 3;

/**
 * One pre-drawn image per marker status (and the selection ring) at the current size, colours
 * and device pixel ratio: a plan of thousands of markers is then thousands of image copies, the
 * cheapest thing a 2D canvas draws (no path filling or anti-aliasing per marker). Rebuilt when
 * the size, the colours or the pixel ratio change.
 */
export class MarkerSprites {
  private key = '';
  private readonly images = new Map<MarkerStatus | 'selected', CanvasImageSource>();
  /** Half the width of each image, in CSS pixels (radius plus outline). */
  half = 0;

  update(colours: MarkerColours, radiusPx: number, pixelRatio: number): void {
    const key = `${JSON.stringify(colours)}|${radiusPx.toFixed(2)}|${pixelRatio}`;
    if (key === this.key) return;
    this.key = key;
    this.half = radiusPx + SELECTED_PX;
    const statuses: MarkerStatus[] = ['ok', 'warn', 'alarm', 'stale', 'unknown'];
    for (const status of statuses) {
      this.images.set(
        status,
        this.draw(pixelRatio, (context) => {
          context.beginPath();
          context.arc(0, 0, radiusPx, 0, 2 * Math.PI);
          context.fillStyle = colours.fill[status];
          context.fill();
          if (status === 'stale') {
            // Grey with light diagonal stripes: "no current value", readable without colour vision.
            context.save();
            context.clip();
            context.strokeStyle = colours.hatch;
            context.lineWidth = Math.max(1, radiusPx / 3);
            for (let offset = -2 * radiusPx; offset <= 2 * radiusPx; offset += radiusPx) {
              context.beginPath();
              context.moveTo(offset - radiusPx, radiusPx);
              context.lineTo(offset + radiusPx, -radiusPx);
              context.stroke();
            }
            context.restore();
          }
          context.beginPath();
          context.arc(0, 0, radiusPx, 0, 2 * Math.PI);
          context.lineWidth = OUTLINE_PX;
          context.strokeStyle = status === 'stale' ? colours.fill.stale : colours.outline;
          context.stroke();
        }),
      );
    }
    this.images.set(
      'selected',
      this.draw(pixelRatio, (context) => {
        context.beginPath();
        context.arc(0, 0, radiusPx + SELECTED_PX / 2, 0, 2 * Math.PI);
        context.lineWidth = SELECTED_PX;
        context.strokeStyle = colours.selected;
        context.stroke();
      }),
    );
  }

  image(kind: MarkerStatus | 'selected'): CanvasImageSource | undefined {
    return this.images.get(kind);
  }

  /**
   * An ImageBitmap where the browser has OffscreenCanvas: copying a canvas element into another
   * snapshots it on every copy, a bitmap is ready as it is (5,000 copies took 40 % less time).
   */
  private draw(
    pixelRatio: number,
    paint: (context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D) => void,
  ): CanvasImageSource {
    const size = Math.ceil(2 * this.half * pixelRatio);
    const render = (context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null): void => {
      if (context === null) return;
      context.setTransform(pixelRatio, 0, 0, pixelRatio, size / 2, size / 2);
      paint(context);
    };
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(size, size);
      render(canvas.getContext('2d'));
      return canvas.transferToImageBitmap();
    }
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    render(canvas.getContext('2d'));
    return canvas;
  }
}
