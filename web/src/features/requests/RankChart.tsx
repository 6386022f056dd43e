import { BarChart as EBar } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([EBar, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type RateSeries = { name: string; values: (number | null)[]; color: string };

/** Horizontal bars of rates in percent per unit (long unit names read better down the side); a table carries the same numbers. */
export function RankChart({ units, series, label }: { units: string[]; series: RateSeries[]; label: string }) {
  const height = Math.max(200, 56 + units.length * 22 * Math.max(1, series.length));
  const option = {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
    legend: { top: 0, textStyle: { color: '#1f1f1f' } },
    grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: '#1f1f1f', formatter: '{value}%' } },
    yAxis: { type: 'category', data: units, inverse: true, axisLabel: { color: '#1f1f1f', width: 220, overflow: 'truncate' } },
    series: series.map((s) => ({
      name: s.name,
      type: 'bar',
      data: s.values,
      itemStyle: { color: s.color },
      barMaxWidth: 18,
      label: { show: true, position: 'right', color: '#1f1f1f', formatter: (p: { value: number | null }) => (p.value === null ? '' : `${p.value}%`) },
    })),
  };
  const ref = useRef<HTMLDivElement>(null);
  const json = JSON.stringify(option);
  const optionRef = useRef<echarts.EChartsCoreOption>(option);
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
