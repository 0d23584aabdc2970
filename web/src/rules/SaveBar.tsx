// Unsaved changes, save errors and revision conflicts, shown on every screen: the draft is never thrown away silently.
import { ConfirmLoss } from './ConfirmLoss.tsx';
import type { RulesModel } from './use-rules.ts';

export function SaveBar({ model }: { model: RulesModel }) {
  const { conflict, saveError, notice, dirty, saving, confirmLoss } = model;
  if (confirmLoss) {
    return (
      <ConfirmLoss
        label="Confirm the save"
        message={confirmLoss.message}
        lost={confirmLoss.problems.map((p) => p.where)}
        confirmLabel="Save anyway"
        cancelLabel="Keep editing"
        onConfirm={() => void model.saveAnyway()}
        onCancel={model.cancelSave}
      />
    );
  }
  if (model.confirmRisks) {
    return (
      <ConfirmLoss
        label="Confirm the save"
        message="this save grants root-equivalent operations or dangerous reads that the saved rules did not: whoever can use a socket bound to this profile gets them"
        lost={model.confirmRisks}
        listLabel="Newly granted"
        confirmLabel="Save anyway"
        cancelLabel="Keep editing"
        onConfirm={() => void model.saveRisky()}
        onCancel={model.cancelSave}
      />
    );
  }
  if (conflict) {
    return (
      <div className="bar conflict" role="alert">
        <span>
          Revision {conflict.theirs} changed profile {model.profile} after revision {conflict.mine}, which your edits
          are based on. Nothing of yours was saved, and your edits are still here.
        </span>
        <button type="button" className="primary" disabled={saving} onClick={() => void model.saveOver()}>
          Save mine over revision {conflict.theirs}
        </button>
        <button type="button" disabled={saving} onClick={() => void model.discard()}>
          Discard mine, load revision {conflict.theirs}
        </button>
      </div>
    );
  }
  if (saveError) {
    return (
      <div className="bar error" role="alert">
        <span>Not saved: {saveError.message}</span>
        <button type="button" onClick={() => void model.discard()}>
          Discard changes
        </button>
      </div>
    );
  }
  if (dirty) {
    return (
      <div className="bar dirty" role={model.restored ? 'status' : undefined}>
        <span>
          {model.restored && <strong>Unsaved draft restored. </strong>}
          Unsaved changes to revision {model.saved?.revision} of profile {model.profile}. The tester and coverage
          already use them; the proxy does not until you save.
        </span>
        <button type="button" className="primary" disabled={saving} onClick={() => void model.save()}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" disabled={saving} onClick={() => void model.discard()}>
          Discard
        </button>
      </div>
    );
  }
  if (notice)
    return (
      <div className="bar ok" role="status">
        {notice}
      </div>
    );
  return null;
}
