import { useTranslation } from 'react-i18next';

/** The head of the Scripts tab's tables (scripts, forms): the same columns, the fourth its own (campaign, kind). */
export function LibraryTableHead({ fourth }: { fourth: string }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        <th scope="col">{t('scripts.column.title')}</th>
        <th scope="col">{t('scripts.column.id')}</th>
        <th scope="col">{t('scripts.column.version')}</th>
        <th scope="col">{fourth}</th>
        <th scope="col">{t('scripts.column.client')}</th>
        <th scope="col">{t('scripts.column.language')}</th>
        <th scope="col">{t('scripts.column.loadedAt')}</th>
        <th scope="col">
          <span className="visually-hidden">{t('scripts.column.actions')}</span>
        </th>
      </tr>
    </thead>
  );
}
