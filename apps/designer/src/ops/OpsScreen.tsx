import { href } from '../app/router';
import { Empty } from '../ui/states';
import { BatchesScreen } from './BatchesScreen';
import { IncidentsScreen } from './IncidentsScreen';
import { ProbesScreen } from './ProbesScreen';
import { ReconciliationsScreen } from './ReconciliationsScreen';
import { ServiceOrdersScreen } from './ServiceOrdersScreen';

/** The Operations nav group: `#/ops/<key>[/<id>]`. `short` is what a collapsed menu shows. */
export const OPS_NAV: { key: string; label: string; short: string }[] = [
  { key: 'incidents', label: 'Incidents', short: 'In' },
  { key: 'orders', label: 'Service orders', short: 'SO' },
  { key: 'batches', label: 'Batches', short: 'Ba' },
  { key: 'probes', label: 'Probes', short: 'Pb' },
  { key: 'reconciliations', label: 'Reconciliations', short: 'Rc' },
];

/** The Operations links, as a titled group inside the main menu's list. */
export function OpsNav({ route, collapsed }: { route: string[]; collapsed: boolean }) {
  const current = route[0] === 'ops' ? (route[1] ?? 'incidents') : undefined;
  return (
    <li className="nav-group">
      <span className="nav-group-title" id="nav-ops">
        {collapsed ? 'Ops' : 'Operations'}
      </span>
      <ul aria-labelledby="nav-ops">
        {OPS_NAV.map((n) => (
          <li key={n.key}>
            <a href={href('ops', n.key)} className={current === n.key ? 'active' : ''} aria-current={current === n.key ? 'page' : undefined} aria-label={collapsed ? n.label : undefined} title={collapsed ? n.label : undefined}>
              {collapsed ? n.short : n.label}
            </a>
          </li>
        ))}
      </ul>
    </li>
  );
}

/** `#/ops/…`: the operations screens. */
export function OpsScreen({ route }: { route: string[] }) {
  const [, section = 'incidents', id] = route;
  switch (section) {
    case 'incidents':
      return <IncidentsScreen />;
    case 'orders':
      return <ServiceOrdersScreen key={id ?? 'list'} id={id} />;
    case 'batches':
      return <BatchesScreen key={id ?? 'list'} code={id} />;
    case 'probes':
      return <ProbesScreen />;
    case 'reconciliations':
      return <ReconciliationsScreen id={id} />;
    default:
      return (
        <Empty title="There is no such operations page.">
          <a href={href('ops', 'incidents')}>Go to the incidents</a>
        </Empty>
      );
  }
}
