import { BarChart as EBar } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([EBar, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type BarSeries = { name: string; values: number[]; color: string };

type Props = { categories: string[]; series: BarSeries[]; label: string; stacked?: boolean; height?: number };

/** A bar chart drawn as an image with a text label; the same numbers are always in a table nearby. */
export function BarChart({ categories, series, label, stacked = false, height = 300 }: Props) {
  const option = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: '#1f1f1f' } },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: categories, axisLabel: { color: '#1f1f1f' } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#1f1f1f' } },
    series: series.map((s) => ({
      name: s.name,
      type: 'bar',
      data: s.values,
      stack: stacked ? 'total' : undefined,
      itemStyle: { color: s.color },
      barMaxWidth: 72,
      label: {
        show: true,
        position: stacked ? 'inside' : 'top',
        color: stacked ? '#fff' : '#1f1f1f',
        formatter: (p: { value: number }) => (p.value ? String(p.value) : ''),
      },
    })),
  };
  const ref = useRef<HTMLDivElement>(null);
  const json = JSON.stringify(option);
  const optionRef = useRef<echarts.EChartsCoreOption>(option);
  optionRef.current = option;

  // A thin wrapper over echarts/core (echarts-for-react's CommonJS build does not interoperate with the ESM bundle).
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
