import { useTranslation } from 'react-i18next';

type Facts = {
  name: string | null;
  customerNumber: string | null;
  phones: readonly string[];
  email: string | null;
  postcode: string | null;
  city: string | null;
  street?: string | null;
};

/** What is known of a customer: name first, then number, phones, e-mail and address. */
export function CustomerFacts({ customer, nameTestId }: { customer: Facts; nameTestId?: string }) {
  const { t } = useTranslation();
  const place = [customer.postcode, customer.city].filter(Boolean).join(' ');
  return (
    <div className="customer-facts">
      <strong className="customer-facts__name" data-testid={nameTestId}>
        {customer.name || t('customers.noName')}
      </strong>
      <dl className="customer-facts__list">
        <Fact label={t('customers.field.customerNumber')} value={customer.customerNumber} name="customerNumber" />
        <Fact label={t('customers.field.phones')} value={customer.phones.join(', ')} name="phones" />
        <Fact label={t('customers.field.email')} value={customer.email} name="email" />
        <Fact label={t('customers.field.street')} value={customer.street ?? null} name="street" />
        <Fact label={t('customers.field.place')} value={place} name="place" />
      </dl>
    </div>
  );
}

function Fact({ label, value, name }: { label: string; value: string | null; name: string }) {
  if (!value) return null;
  return (
    <div className="customer-facts__fact" data-field={name}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
