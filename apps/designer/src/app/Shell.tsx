import { useRoute, href } from './router';
import { permissions, useSession } from './session';
import { WorkflowsScreen } from '../canvas/WorkflowsScreen';
import { WorkflowScreen } from '../canvas/WorkflowScreen';
import { ActionCodesScreen, EventCodesScreen, EventTypesScreen, ProvidersScreen, ServiceTypesScreen, TemplatesScreen } from '../catalog/catalog.screens';
import { InboundMatrix } from '../catalog/InboundMatrix';
import { RunsScreen } from '../runs/RunsScreen';
import { RunScreen } from '../runs/RunScreen';
import { OpsNav, OpsScreen } from '../ops/OpsScreen';
import { IntegrationsScreen } from '../integrations/IntegrationsScreen';
import { TransferScreen } from '../transfer/TransferScreen';
import { ApiKeysScreen } from '../keys/ApiKeysScreen';
import { Empty } from '../ui/states';
import { useRemembered } from '../ui/use-remembered';

// `short` is what a collapsed menu shows; the link keeps its full name for screen readers and tooltips.
const NAV: { key: string; label: string; short: string; adminOnly?: boolean }[] = [
  { key: 'workflows', label: 'Workflows', short: 'Wf' },
  { key: 'event-types', label: 'Event types', short: 'ET' },
  { key: 'event-codes', label: 'Event codes', short: 'EC' },
  { key: 'inbound', label: 'Inbound mapping', short: 'In' },
  { key: 'action-codes', label: 'Action codes', short: 'AC' },
  { key: 'providers', label: 'Providers', short: 'Pr' },
  { key: 'service-types', label: 'Service types', short: 'ST' },
  { key: 'templates', label: 'Templates', short: 'Tp' },
  { key: 'runs', label: 'Runs', short: 'Ru' },
  { key: 'integrations', label: 'Integrations', short: 'Ig' },
  { key: 'transfer', label: 'Import / Export', short: 'IE' },
  { key: 'keys', label: 'API keys', short: 'Key', adminOnly: true },
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
    case 'ops':
      return <OpsScreen route={route} />;
    case 'integrations':
      return <IntegrationsScreen section={id} id={route[2]} />;
    case 'transfer':
      return <TransferScreen />;
    case 'keys':
      return <ApiKeysScreen />;
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
  const [collapsed, setCollapsed] = useRemembered('navCollapsed', false);
  const { adminOnly } = permissions(me.role);
  return (
    <div className={`shell${collapsed ? ' nav-collapsed' : ''}`}>
      <nav className="nav" aria-label="Main">
        <div className="brand">
          <span className="brand-mark">◆</span> <span className="brand-name">Signalbox</span>
          <button className="btn-icon nav-toggle" onClick={() => setCollapsed(!collapsed)} aria-label={collapsed ? 'Expand the menu' : 'Collapse the menu'} title={collapsed ? 'Expand the menu' : 'Collapse the menu'} aria-expanded={!collapsed}>
            {collapsed ? '»' : '«'}
          </button>
        </div>
        <ul>
          {NAV.filter((n) => adminOnly || !n.adminOnly).map((n) => (
            <li key={n.key}>
              <a href={href(n.key)} className={section === n.key ? 'active' : ''} aria-current={section === n.key ? 'page' : undefined} aria-label={collapsed ? n.label : undefined} title={collapsed ? n.label : undefined}>
                {collapsed ? n.short : n.label}
              </a>
            </li>
          ))}
          <OpsNav route={route} collapsed={collapsed} />
        </ul>
        <div className="nav-footer">
          <div className="who" title={`Signed in as ${me.name} (${me.role})`}>
            <span className="who-name">{me.name}</span>
            <span className={`pill role-${me.role}`}>{me.role}</span>
          </div>
          <button className="btn btn-ghost" onClick={signOut} title="Sign out" aria-label="Sign out">
            {collapsed ? '⎋' : 'Sign out'}
          </button>
        </div>
      </nav>
      <main className="content">
        <Screen route={route} />
      </main>
    </div>
  );
}
