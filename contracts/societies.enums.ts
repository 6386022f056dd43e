/** Value lists of art societies (art forms, work kinds) that both the server's schemas and the web's forms need. */
export const ART_FORMS = ['literature', 'music', 'dance', 'drama', 'fine_arts', 'photography', 'folk_art', 'other'] as const;
export const WORK_KINDS = ['performance', 'work'] as const;
