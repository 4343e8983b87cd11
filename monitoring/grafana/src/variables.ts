/** Template variables of the dashboards: datasource, job, instance, agent, model, Langfuse URL. */
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  TextBoxVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS, PROMETHEUS_UID } from './datasources.js';

/** Value of a multi-value variable's "All": a regex, so selectors use `=~`. */
export const ALL = '.*';

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource')
    .label('Prometheus')
    .type('prometheus')
    .current({ text: 'Prometheus', value: PROMETHEUS_UID, selected: true });
}

/** A variable over the values of `label` in `series`; `multi` adds "All" (`.*`). */
export function labelVariable(options: {
  name: string;
  label: string;
  query: string;
  multi: boolean;
  default?: string;
}): QueryVariableBuilder {
  const variable = new QueryVariableBuilder(options.name)
    .label(options.label)
    .datasource(PROMETHEUS)
    .query(options.query)
    .definition(options.query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc);
  if (options.multi) variable.multi(true).includeAll(true).allValue(ALL);
  const current = options.default ?? (options.multi ? '$__all' : undefined);
  if (current !== undefined) {
    const text = current === '$__all' ? 'All' : current;
    variable.current(
      options.multi
        ? { text: [text], value: [current], selected: true }
        : { text, value: current, selected: true },
    );
  }
  return variable;
}

/** `job` of the scrape job, e.g. `tradingagents` for the app, `node` for node_exporter. */
export function jobVariable(defaultJob: string, name = 'job', label = 'Job'): QueryVariableBuilder {
  return labelVariable({ name, label, query: 'label_values(up, job)', multi: false, default: defaultJob });
}

/** `instance` among the targets of the job in `jobVar`. */
export function instanceVariable(
  jobVar = 'job',
  name = 'instance',
  label = 'Instance',
): QueryVariableBuilder {
  return labelVariable({ name, label, query: `label_values(up{job=~"$${jobVar}"}, instance)`, multi: true });
}

/** Base URL of Langfuse, for links from panels to traces. */
export function langfuseUrlVariable(): TextBoxVariableBuilder {
  return new TextBoxVariableBuilder('langfuse_url')
    .label('Langfuse URL')
    .description(
      'Base URL of your Langfuse (LANGFUSE_BASE_URL; self-hosted: e.g. http://localhost:3000), for the links to traces.',
    )
    .defaultValue('https://cloud.langfuse.com')
    .current({ text: 'https://cloud.langfuse.com', value: 'https://cloud.langfuse.com' });
}

/**
 * Langfuse project id (Settings → Project in Langfuse; in its URLs after `/project/`), for the
 * data links from analysis and agent series to their traces.
 */
export function langfuseProjectVariable(): TextBoxVariableBuilder {
  return new TextBoxVariableBuilder('langfuse_project')
    .label('Langfuse project id')
    .description(
      'Id of your Langfuse project (the part after /project/ in its URLs), for the links from series to traces.',
    )
    .defaultValue('')
    .current({ text: '', value: '' });
}
