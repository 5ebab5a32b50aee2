import { useRoute, href } from './router';
import { useSession } from './session';
import { WorkflowsScreen } from '../canvas/WorkflowsScreen';
import { WorkflowScreen } from '../canvas/WorkflowScreen';
import { ActionCodesScreen, EventCodesScreen, EventTypesScreen, ProvidersScreen, ServiceTypesScreen, TemplatesScreen } from '../catalog/catalog.screens';
import { InboundMatrix } from '../catalog/InboundMatrix';
import { RunsScreen } from '../runs/RunsScreen';
import { RunScreen } from '../runs/RunScreen';
import { TransferScreen } from '../transfer/TransferScreen';
import { Empty } from '../ui/states';

const NAV: { key: string; label: string }[] = [
  { key: 'workflows', label: 'Workflows' },
  { key: 'event-types', label: 'Event types' },
  { key: 'event-codes', label: 'Event codes' },
  { key: 'inbound', label: 'Inbound mapping' },
  { key: 'action-codes', label: 'Action codes' },
  { key: 'providers', label: 'Providers' },
  { key: 'service-types', label: 'Service types' },
  { key: 'templates', label: 'Templates' },
  { key: 'runs', label: 'Runs' },
  { key: 'transfer', label: 'Import / Export' },
];

function Screen({ route }: { route: string[] }) {
  const [section = 'workflows', id] = route;
  switch (section) {
    case 'workflows':
      return id ? <WorkflowScreen key={id} eventCode={id} /> : <WorkflowsScreen />;
    case 'event-types':
      return <EventTypesScreen />;
    case 'event-codes':
      return <EventCodesScreen />;
    case 'inbound':
      return <InboundMatrix />;
    case 'action-codes':
      return <ActionCodesScreen />;
    case 'providers':
      return <ProvidersScreen />;
    case 'service-types':
      return <ServiceTypesScreen />;
    case 'templates':
      return <TemplatesScreen />;
    case 'runs':
      return id ? <RunScreen key={id} runId={id} /> : <RunsScreen />;
    case 'transfer':
      return <TransferScreen />;
    default:
      return (
        <Empty title="There is no such page.">
          <a href={href('workflows')}>Go to the workflows</a>
        </Empty>
      );
  }
}

export function Shell() {
  const route = useRoute();
  const { me, signOut } = useSession();
  const section = route[0] ?? 'workflows';
  return (
    <div className="shell">
      <nav className="nav" aria-label="Main">
        <div className="brand">
          <span className="brand-mark">◆</span> Signalbox
        </div>
        <ul>
          {NAV.map((n) => (
            <li key={n.key}>
              <a href={href(n.key)} className={section === n.key ? 'active' : ''} aria-current={section === n.key ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="nav-footer">
          <div className="who" title={`Signed in as ${me.name}`}>
            <span className="who-name">{me.name}</span>
            <span className={`pill role-${me.role}`}>{me.role}</span>
          </div>
          <button className="btn btn-ghost" onClick={signOut}>
            Sign out
          </button>
        </div>
      </nav>
      <main className="content">
        <Screen route={route} />
      </main>
    </div>
  );
}
