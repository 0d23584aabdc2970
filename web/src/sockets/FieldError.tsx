// A server refusal shown under the field it points at.
export function FieldError({ text }: { text: string | undefined }) {
  return text === undefined ? null : (
    <p className="field-error" role="alert">
      {text}
    </p>
  );
}
