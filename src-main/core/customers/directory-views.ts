import type { DirectoryCustomer as DirectoryCustomerView, PopCustomer } from '../../contract';
import type { Customer } from './directory';
import { phoneForDisplay } from './phone-display';
import type { DirectoryCustomer } from './screen-pop';

/** A directory customer as the card shows it; phones in international notation. */
export function popFromDirectory(customer: Customer): PopCustomer & DirectoryCustomer {
  return {
    id: customer.id,
    customerNumber: customer.customerNumber,
    name: customer.name ?? customer.customerNumber ?? customer.email ?? '(no name)',
    email: customer.email,
    postcode: customer.postcode,
    city: customer.city,
    phones: customer.phones.map(phoneForDisplay),
    salutation: customer.salutation,
    ...(customer.language ? { language: customer.language } : {}),
  };
}

export function directoryView(customer: Customer): DirectoryCustomerView {
  return {
    id: customer.id,
    client: customer.client,
    customerNumber: customer.customerNumber,
    name: customer.name,
    email: customer.email,
    postcode: customer.postcode,
    city: customer.city,
    street: customer.street,
    notes: customer.notes,
    source: customer.source,
    updatedAt: customer.updatedAt,
    phones: customer.phones.map(phoneForDisplay),
    salutation: customer.salutation,
  };
}
