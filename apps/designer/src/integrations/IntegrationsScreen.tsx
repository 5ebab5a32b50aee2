import { href } from '../app/router';
import './integrations.css';
import { DeliveriesScreen } from './DeliveriesScreen';
import { MappingsScreen } from './MappingsScreen';
import { SubscriptionsScreen } from './SubscriptionsScreen';

const SECTIONS = [
  { key: 'mappings', label: 'TMF mappings' },
  { key: 'subscriptions', label: 'Subscriptions' },
  { key: 'deliveries', label: 'Deliveries' },
] as const;

/**
 * Integrations (#/integrations/<section>): how TMF641 orders map to event codes, who is told of
 * state changes (native webhook subscriptions), and what was delivered, with dead letters to re-drive.
 */
export function IntegrationsScreen({ section = 'mappings', id }: { section?: string; id?: string }) {
  return (
    <div className="screen integrations">
      <div className="screen-main">
        <nav className="subnav" aria-label="Integrations">
          {SECTIONS.map((s) => (
            <a key={s.key} href={href('integrations', s.key)} className={section === s.key ? 'active' : ''} aria-current={section === s.key ? 'page' : undefined}>
              {s.label}
            </a>
          ))}
        </nav>
        {section === 'subscriptions' ? <SubscriptionsScreen /> : section === 'deliveries' ? <DeliveriesScreen subscriptionId={id} /> : <MappingsScreen />}
      </div>
    </div>
  );
}
