import { HeatmapChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([HeatmapChart, LineChart, MapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** Draws an ECharts option into a labelled image; the numbers are always in a table nearby. */
function EChart({ option, label, height }: { option: echarts.EChartsCoreOption; label: string; height: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const json = JSON.stringify(option);
  const optionRef = useRef(option);
  optionRef.current = option;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.setOption(optionRef.current, { notMerge: true });
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [json]);
  return <div ref={ref} role="img" aria-label={label} style={{ height, width: '100%' }} />;
}

export type LineSeries = { name: string; values: number[]; color: string };

export function TrendChart({ months, series, label }: { months: string[]; series: LineSeries[]; label: string }) {
  return (
    <EChart
      label={label}
      height={300}
      option={{
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0, textStyle: { color: '#1f1f1f' } },
        grid: { left: 56, right: 16, top: 40, bottom: 32 },
        xAxis: { type: 'category', data: months, axisLabel: { color: '#1f1f1f' } },
        yAxis: { type: 'value', axisLabel: { color: '#1f1f1f' } },
        series: series.map((s) => ({
          name: s.name,
          type: 'line',
          data: s.values,
          itemStyle: { color: s.color },
          lineStyle: { color: s.color },
          symbolSize: 6,
        })),
      }}
    />
  );
}

/**
 * Schematic positions (column, row) of the 20 districts of Chengdu, north at the top: no map polygons ship
 * with the product.
 */
export const TILE_POSITIONS: Record<string, [number, number]> = {
  '510181': [1, 0],
  '510182': [3, 0],
  '510184': [1, 1],
  '510117': [2, 1],
  '510114': [3, 1],
  '510113': [4, 1],
  '510121': [5, 1],
  '510129': [0, 2],
  '510115': [1, 2],
  '510105': [2, 2],
  '510106': [3, 2],
  '510108': [4, 2],
  '510112': [5, 2],
  '510183': [0, 3],
  '510107': [2, 3],
  '510104': [3, 3],
  '510185': [5, 3],
  '510131': [0, 4],
  '510118': [1, 4],
  '510116': [2, 4],
};

export type Tile = { code: string; name: string; value: number };

export function TileMap({ tiles, label, format }: { tiles: Tile[]; label: string; format: (v: number) => string }) {
  const placed = tiles.filter((d) => TILE_POSITIONS[d.code]);
  const max = Math.max(1, ...placed.map((d) => d.value));
  return (
    <EChart
      label={label}
      height={380}
      option={{
        animation: false,
        tooltip: { formatter: (p: { data: [number, number, number, string] }) => `${p.data[3]}: ${format(p.data[2])}` },
        grid: { left: 4, right: 4, top: 4, bottom: 48 },
        xAxis: { type: 'category', data: [0, 1, 2, 3, 4, 5], show: false },
        yAxis: { type: 'category', data: [4, 3, 2, 1, 0], show: false },
        visualMap: {
          min: 0,
          max,
          dimension: 2,
          calculable: false,
          orient: 'horizontal',
          left: 'center',
          bottom: 0,
          itemHeight: 200,
          text: [format(max), '0'],
          inRange: { color: ['#e6f0ff', '#0b3d91'] },
          textStyle: { color: '#1f1f1f' },
        },
        series: [
          {
            type: 'heatmap',
            data: placed.map((d) => [TILE_POSITIONS[d.code]![0], 4 - TILE_POSITIONS[d.code]![1], d.value, d.name]),
            itemStyle: { borderColor: '#fff', borderWidth: 3 },
            label: {
              show: true,
              formatter: (p: { data: [number, number, number, string] }) => `${p.data[3]}\n${format(p.data[2])}`,
              color: '#000',
              backgroundColor: 'rgba(255,255,255,0.85)',
              padding: [2, 4],
              borderRadius: 2,
              fontSize: 12,
            },
          },
        ],
      }}
    />
  );
}

/** The same view over the deployment's approved GeoJSON, when one was uploaded. */
export function GeoMap({ geo, tiles, label, format }: { geo: object; tiles: Tile[]; label: string; format: (v: number) => string }) {
  echarts.registerMap('qunhub-districts', geo as Parameters<typeof echarts.registerMap>[1]);
  const max = Math.max(1, ...tiles.map((d) => d.value));
  return (
    <EChart
      label={label}
      height={420}
      option={{
        animation: false,
        tooltip: { formatter: (p: { name: string; value: number }) => `${p.name}: ${format(p.value)}` },
        visualMap: { min: 0, max, orient: 'horizontal', left: 'center', bottom: 0, text: [format(max), '0'], inRange: { color: ['#e6f0ff', '#0b3d91'] } },
        series: [
          {
            type: 'map',
            map: 'qunhub-districts',
            nameProperty: 'name',
            data: tiles.map((d) => ({ name: d.name, value: d.value })),
            label: { show: true, color: '#000' },
          },
        ],
      }}
    />
  );
}
