import type { ActionCode, EventCode, EventType, ServiceType, Template } from '@signalbox/domain';
import { DEFAULT_TRANSITIONS } from '@signalbox/domain';
import { api, errorMessage } from '../api/api-client';
import { usePermissions } from '../app/session';
import { href } from '../app/router';
import { ListScreen } from './ListScreen';
import { EventCodeForm, EventTypeForm } from './simple.forms';
import { ActionCodeForm } from './action-code.form';
import { ProviderForm, providerBody, type ProviderView } from './provider.form';
import { ServiceTypeForm } from './service-type.form';
import { TemplateForm } from './template.form';

export function EventTypesScreen() {
  const perms = usePermissions();
  return (
    <ListScreen<EventType>
      title="Event types"
      collection="event-types"
      intro="Categories of event codes, used for grouping, permissions and reporting."
      columns={[{ key: 'code', label: 'Code' }, { key: 'name', label: 'Name' }, { key: 'description', label: 'Description', sortable: false }]}
      keyOf={(x) => x.code}
      blank={() => ({ code: '', name: '' })}
      Form={EventTypeForm}
      canEdit={perms.editCatalog}
      emptyHint="Create one with New, e.g. PROVISIONING."
    />
  );
}

export function EventCodesScreen() {
  const perms = usePermissions();
  return (
    <ListScreen<EventCode>
      title="Event codes"
      collection="event-codes"
      intro="Business events callers raise. Each has a workflow you design on the canvas."
      columns={[
        { key: 'code', label: 'Code', render: (x) => <a href={href('workflows', x.code)} onClick={(e) => e.stopPropagation()}>{x.code}</a> },
        { key: 'name', label: 'Name' },
        { key: 'eventType', label: 'Event type' },
        { key: 'enabled', label: 'Enabled', render: (x) => (x.enabled === false ? 'no' : 'yes') },
      ]}
      keyOf={(x) => x.code}
      blank={() => ({ code: '', eventType: '', name: '', requiredSubjectKeys: [], enabled: true })}
      Form={EventCodeForm}
      canEdit={perms.editCatalog}
      extraActions={(x) => (
        <a className="btn" href={href('workflows', x.code)}>
          Open workflow
        </a>
      )}
      emptyHint="Create one with New, then design its workflow."
    />
  );
}

export function ActionCodesScreen() {
  const perms = usePermissions();
  return (
    <ListScreen<ActionCode>
      title="Action codes"
      collection="action-codes"
      intro="Configured actions analysts place on the canvas, each an instance of an action type."
      columns={[{ key: 'code', label: 'Code' }, { key: 'name', label: 'Name' }, { key: 'actionType', label: 'Action type' }]}
      keyOf={(x) => x.code}
      blank={() => ({ code: '', actionType: '', name: '', parameters: {} })}
      Form={ActionCodeForm}
      canEdit={perms.editCatalog}
      emptyHint="Create one with New: pick an action type and fill its parameters."
    />
  );
}

export function ProvidersScreen() {
  const perms = usePermissions();
  const setState = async (p: ProviderView, state: 'effective' | 'inactive', done: () => void) => {
    try {
      await api.post(`/providers/${encodeURIComponent(p.code)}/${state}`);
      done();
    } catch (e) {
      window.alert(`Could not set ${p.code} ${state}: ${errorMessage(e)}`);
    }
  };
  return (
    <ListScreen<ProviderView>
      title="Providers"
      collection="providers"
      intro="Network targets: external systems Signalbox sends service orders and calls to."
      columns={[
        { key: 'code', label: 'Code' },
        { key: 'name', label: 'Name' },
        { key: 'protocol', label: 'Protocol' },
        { key: 'state', label: 'State', render: (x) => <span className={`pill pill-${x.state}`}>{x.state}</span> },
      ]}
      keyOf={(x) => x.code}
      blank={() => ({ code: '', name: '', protocol: 'http', endpoints: [], auth: { type: 'none' }, requestTimeoutMs: 10000, mode: 'async', allowInFlightChanges: false, state: 'draft' })}
      Form={ProviderForm}
      prepare={providerBody}
      canEdit={perms.adminOnly}
      extraActions={(p, reload) => (
        <>
          {p.state !== 'effective' && (
            <button className="btn" onClick={() => setState(p, 'effective', reload)}>
              Set effective
            </button>
          )}
          {p.state === 'effective' && (
            <button className="btn" onClick={() => setState(p, 'inactive', reload)}>
              Set inactive
            </button>
          )}
        </>
      )}
      emptyHint="Create one with New; set it effective once its endpoint answers."
    />
  );
}

export function ServiceTypesScreen() {
  const perms = usePermissions();
  return (
    <ListScreen<ServiceType>
      title="Service types"
      collection="service-types"
      intro="Which services are provisioned, how, and the state machine of their service orders."
      columns={[{ key: 'code', label: 'Code' }, { key: 'name', label: 'Name' }, { key: 'defaultMode', label: 'Mode' }, { key: 'telco', label: 'Telco', render: (x) => (x.telco ? 'yes' : 'no') }]}
      keyOf={(x) => x.code}
      blank={() => ({ code: '', name: '', telco: false, permitted: true, defaultMode: 'confirmed', allowInFlightChanges: false, fields: [], transitions: DEFAULT_TRANSITIONS })}
      Form={ServiceTypeForm}
      canEdit={perms.adminOnly}
      emptyHint="Create one with New, e.g. /service/telco/gprs."
    />
  );
}

export function TemplatesScreen() {
  const perms = usePermissions();
  return (
    <ListScreen<Template>
      title="Templates"
      collection="templates"
      intro="Localized messages sent by communication steps."
      columns={[{ key: 'code', label: 'Code' }, { key: 'name', label: 'Name' }, { key: 'channel', label: 'Channel' }, { key: 'variants', label: 'Languages', sortable: false, render: (x) => x.variants.map((v) => v.locale).join(', ') }]}
      keyOf={(x) => x.code}
      blank={() => ({ code: '', name: '', channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body: '' }] })}
      Form={TemplateForm}
      canEdit={perms.editCatalog}
      emptyHint="Create one with New: pick a channel and write the text."
    />
  );
}
