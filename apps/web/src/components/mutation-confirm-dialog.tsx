import { ConfirmDialog, type ConfirmDialogProps } from "./confirm-dialog.js";
import { ErrorNotice } from "./error-notice.js";

/** What the dialog needs of a `useMutation` result. */
export interface ConfirmableMutation<TData, TVariables> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  reset: () => void;
  mutate: (
    variables: TVariables,
    options: { onSuccess: (data: TData, variables: TVariables) => void },
  ) => void;
}

export interface MutationConfirmDialogProps<TData, TVariables> extends Omit<
  ConfirmDialogProps,
  "pending" | "error" | "onConfirm" | "onCancel"
> {
  /** Run on confirm; its failure stays in the dialog, under `failureTitle`, for a retry. */
  mutation: ConfirmableMutation<TData, TVariables>;
  failureTitle: string;
  /**
   * The mutation's input, read on confirm; `undefined` keeps the dialog open without running
   * it (the caller shows what to fix). Leave it out for a mutation that takes none.
   */
  variables?: () => TVariables | undefined;
  /** After a success, before the dialog closes: tell the operator, keep the answer. */
  onDone?: (data: TData, variables: TVariables) => void;
  /** Cancel, or a success: the mutation is reset first, so a reopened dialog starts clean. */
  onClose: () => void;
}

/** A {@link ConfirmDialog} that runs one mutation: pending while it runs, its error, reset on close. */
export function MutationConfirmDialog<TData, TVariables>(
  props: MutationConfirmDialogProps<TData, TVariables>,
) {
  const { mutation, failureTitle, variables, onDone, onClose, ...dialog } = props;
  const close = () => {
    mutation.reset();
    onClose();
  };
  const confirm = () => {
    const input = variables ? variables() : undefined;
    if (variables && input === undefined) return;
    // Without `variables` the mutation takes none: `undefined` is its input.
    mutation.mutate(input as TVariables, {
      onSuccess: (data, ran) => {
        onDone?.(data, ran);
        close();
      },
    });
  };
  return (
    <ConfirmDialog
      {...dialog}
      pending={mutation.isPending}
      error={mutation.isError ? <ErrorNotice error={mutation.error} title={failureTitle} /> : null}
      onCancel={close}
      onConfirm={confirm}
    />
  );
}
