import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { GROUP_LABEL_MAX } from '@signalbox/domain';
import { useCanvas, useCanvasStoreApi } from '../canvas.context';
import { useZoomedOut } from '../nodes/level-of-detail';
import type { GroupBoxNode } from './group-geometry';

const stepsText = (n: number) => `${n} step${n === 1 ? '' : 's'}`;

/**
 * A group's box. Expanded: a tinted rectangle behind its steps whose title bar drags them all,
 * with the collapse toggle and the label (double-click to rename). Collapsed: one compact box
 * standing for its steps, connections drawn to and from it. A read-only view can still fold it.
 */
function GroupNodeView({ id, data, selected }: NodeProps<GroupBoxNode>) {
  const store = useCanvasStoreApi();
  const readOnly = useCanvas((s) => s.readOnly);
  const light = useZoomedOut();
  const renaming = useCanvas((s) => s.renamingGroupId === id);
  const setRenaming = (on: boolean) => store.getState().setRenamingGroup(on ? id : null);
  const label = data.label || 'Group';
  const cls = `group-box group-${data.color ?? 'grey'}${data.collapsed ? ' group-collapsed group-drag' : ''}${selected ? ' selected' : ''}${light ? ' group-light' : ''}`;
  const toggle = (
    <button
      type="button"
      className="group-toggle nodrag"
      aria-expanded={!data.collapsed}
      aria-label={`${data.collapsed ? 'Expand' : 'Collapse'} group ${label}`}
      title={data.collapsed ? 'Expand: show its steps' : 'Collapse into one box'}
      onClick={() => store.getState().setGroupCollapsed(id, !data.collapsed)}
    >
      {data.collapsed ? '▸' : '▾'}
    </button>
  );
  const title = renaming ? (
    <input
      className="group-rename nodrag"
      aria-label="Group name"
      autoFocus
      maxLength={GROUP_LABEL_MAX}
      defaultValue={data.label}
      onFocus={(e) => e.currentTarget.select()}
      onBlur={(e) => {
        setRenaming(false);
        store.getState().renameGroup(id, e.currentTarget.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          e.currentTarget.value = data.label;
          e.currentTarget.blur();
        }
      }}
    />
  ) : (
    <span className="group-label" title={readOnly ? label : `${label} (double-click to rename)`} onDoubleClick={() => !readOnly && setRenaming(true)}>
      {label}
    </span>
  );
  return (
    <div className={cls} data-testid={`group-${id}`} data-collapsed={data.collapsed}>
      <div className="group-title group-drag">
        {!light && toggle}
        {title}
        <span className="group-count">{stepsText(data.count)}</span>
      </div>
      {/* Rerouted connections attach here; zoomed out, the overview canvas draws them instead. */}
      {data.collapsed && !light && (
        <>
          <div className="group-summary">Expand to see and edit its steps</div>
          <Handle type="target" position={Position.Left} id="in" className="h-light" isConnectable={false} />
          <Handle type="source" position={Position.Right} id="out" className="h-light" isConnectable={false} />
        </>
      )}
    </div>
  );
}

export const GroupNode = memo(GroupNodeView);
