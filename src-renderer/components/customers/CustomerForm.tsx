import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { DirectoryCustomer } from '../../../src-main/contract';
import { useAnlauf } from '../../store/react';
import type { NewCustomer } from '../../store/slices/customers';

type Props = {
  /** With a call id the new customer also becomes that call's customer. */
  callId?: string;
  /** The caller's number, filled in for the agent. */
  phone?: string;
  /** The client the customer belongs to, preselected (the call's client). */
  client?: string | null;
  /** A customer to correct: the form starts with their details and saves with `customers:update`. */
  customer?: DirectoryCustomer;
  onDone: (customer: DirectoryCustomer) => void;
  onCancel: () => void;
};

const FIELDS = ['customerNumber', 'phone', 'email', 'street', 'postcode', 'city'] as const;
type Field = (typeof FIELDS)[number];

/** A small form for a new customer in the local directory, or for correcting one (`customer`). */
export function CustomerForm({ callId, phone = '', client = null, customer: editing, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const formId = useId();
  const { clients, saving, create, update } = useAnlauf(
    useShallow((s) => ({ clients: s.callContext.clients, saving: s.customers.saving, create: s.createCustomer, update: s.updateCustomer })),
  );
  const [name, setName] = useState(editing?.name ?? '');
  const [values, setValues] = useState<Record<Field, string>>(
    editing
      ? {
          customerNumber: editing.customerNumber ?? '',
          phone: editing.phones.join(', '),
          email: editing.email ?? '',
          street: editing.street ?? '',
          postcode: editing.postcode ?? '',
          city: editing.city ?? '',
        }
      : { customerNumber: '', phone, email: '', street: '', postcode: '', city: '' },
  );
  const [clientId, setClientId] = useState(client ?? '');
  const [salutation, setSalutation] = useState<'' | 'female' | 'male' | 'neutral'>(editing?.salutation ?? '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    const orNull = (value: string) => value.trim() || null;
    if (editing) {
      const corrected = await update({
        id: editing.id,
        name: name.trim(),
        customerNumber: orNull(values.customerNumber),
        // Several numbers are kept, separated by commas, as the card shows them.
        phones: values.phone
          .split(',')
          .map((number) => number.trim())
          .filter(Boolean),
        email: orNull(values.email),
        street: orNull(values.street),
        postcode: orNull(values.postcode),
        city: orNull(values.city),
        salutation: salutation || null,
        ...(callId ? { callId } : {}),
      });
      if (corrected) onDone(corrected);
      return;
    }
    const customer: NewCustomer = {
      name: name.trim(),
      customerNumber: orNull(values.customerNumber),
      phones: values.phone.trim() ? [values.phone.trim()] : [],
      email: orNull(values.email),
      street: orNull(values.street),
      postcode: orNull(values.postcode),
      city: orNull(values.city),
      ...(clients.length > 0 ? { client: clientId || null } : {}),
    };
    const created = await create(customer, callId);
    if (created) onDone(created);
  };

  return (
    <form className="customer-form" data-testid="customer-form" aria-labelledby={`${formId}-title`} onSubmit={(event) => void submit(event)}>
      <h3 id={`${formId}-title`}>{editing ? t('customerSync.edit.title') : callId ? t('customers.form.titleForCall') : t('customers.form.title')}</h3>
      <label className="customer-form__field customer-form__field--wide">
        <span>{t('customers.field.name')}</span>
        <input data-testid="customer-form-name" value={name} required maxLength={200} autoFocus onChange={(event) => setName(event.target.value)} />
      </label>
      {FIELDS.map((field) => (
        <label key={field} className="customer-form__field">
          <span>{t(`customers.field.${field}`)}</span>
          <input
            data-testid={`customer-form-${field}`}
            type={field === 'email' ? 'email' : 'text'}
            value={values[field]}
            maxLength={field === 'street' || field === 'email' ? 200 : 64}
            onChange={(event) => setValues((current) => ({ ...current, [field]: event.target.value }))}
          />
        </label>
      ))}
      {editing && (
        <label className="customer-form__field">
          <span>{t('customerSync.edit.salutation.label')}</span>
          <select
            data-testid="customer-form-salutation"
            value={salutation}
            onChange={(event) => setSalutation(event.target.value as '' | 'female' | 'male' | 'neutral')}
          >
            <option value="">{t('customerSync.edit.salutation.none')}</option>
            <option value="female">{t('customerSync.edit.salutation.female')}</option>
            <option value="male">{t('customerSync.edit.salutation.male')}</option>
            <option value="neutral">{t('customerSync.edit.salutation.neutral')}</option>
          </select>
        </label>
      )}
      {clients.length > 0 && !editing && (
        <label className="customer-form__field">
          <span>{t('customers.field.client')}</span>
          <select data-testid="customer-form-client" value={clientId} onChange={(event) => setClientId(event.target.value)}>
            <option value="">{t('customers.form.noClient')}</option>
            {clients.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="customer-form__actions">
        <button type="submit" className="button button--primary button--small" data-testid="customer-form-save" disabled={saving || !name.trim()}>
          {saving ? t('customers.form.saving') : editing ? t('customerSync.edit.save') : callId ? t('customers.form.saveForCall') : t('customers.form.save')}
        </button>
        <button type="button" className="button button--small" data-testid="customer-form-cancel" onClick={onCancel}>
          {t('customers.form.cancel')}
        </button>
      </div>
    </form>
  );
}
